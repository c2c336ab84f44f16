import { describe, expect, it } from "vitest";
import { FIT, fitWithLane } from "@/components/graph/fit.ts";

describe("fitting the topology with room for the mesh labels' lane", () => {
  it("pads the right side by the lane at the zoom the fit ends at", () => {
    // 1000 × 700 canvas: 37 px a side from the 0.08 padding, 130 px at the bottom for the minimap.
    const fit = fitWithLane({ width: 800, height: 300 }, { width: 1000, height: 700 }, 200, 1.6);
    const zoom = (1000 - 37 - 37) / (800 + 200);
    expect(fit.padding).toEqual({ ...FIT.padding, right: `${Math.ceil(37 + 200 * zoom)}px` });
  });

  it("a fit limited by the height pads the lane at that zoom, never beyond the maximum zoom", () => {
    const tall = fitWithLane({ width: 200, height: 2000 }, { width: 1000, height: 700 }, 100, 1.6);
    expect(tall.padding.right).toBe(`${Math.ceil(37 + 100 * ((700 - 25 - 130) / 2000))}px`);
    const tiny = fitWithLane({ width: 10, height: 10 }, { width: 1000, height: 700 }, 100, 1.6);
    expect(tiny.padding.right).toBe(`${37 + 160}px`);
  });
});
