"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import {
  operations,
  type HealthCounts,
  type RegisterInstanceRequest,
  type RegistrySummaryResponse,
} from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Registered instances with their checks; refreshed every second (health changes show within about a second). */
export function useRegistry() {
  return useQuery({
    queryKey: queryKeys.registry.instances(),
    queryFn: () => call(operations.listRegistry, { query: {} }),
    refetchInterval: 1_000,
  });
}

export function useRegistryEvents() {
  return useQuery({
    queryKey: queryKeys.registry.events(),
    queryFn: () => call(operations.listRegistryEvents, { query: { limit: 50 } }),
    refetchInterval: 2_000,
  });
}

export type VersionRegistryCounts = HealthCounts & { staticEndpoints: number; total: number };
type SummaryVersion = RegistrySummaryResponse["versions"][number];

const countsOf = (v: SummaryVersion): VersionRegistryCounts => ({
  ...v.registered,
  staticEndpoints: v.staticEndpoints,
  total: v.registered.passing + v.registered.warning + v.registered.critical,
});

/** One query for the whole page, however many version nodes read it. */
const summaryQuery = () => ({
  queryKey: queryKeys.registry.summary(),
  queryFn: () => call(operations.registrySummary),
  refetchInterval: 2_000,
});

/**
 * Registered instances per service version of the running config, by health: for the topology's version nodes.
 * `counts("reviews", "v2")` is undefined for a version the running config does not have.
 */
export function useRegistrySummary() {
  const q = useQuery(summaryQuery());
  const byKey = new Map<string, VersionRegistryCounts>(
    (q.data?.versions ?? []).map((v: SummaryVersion) => [`${v.service}/${v.version}`, countsOf(v)]),
  );
  return { ...q, counts: (service: string, version: string) => byKey.get(`${service}/${version}`) };
}

/**
 * One version's counts from the same query. Only `data` is read and `select` picks this version's figures, so a
 * node re-renders when its own counts change, not on every refresh and not when another version's do.
 */
export function useVersionRegistry(service: string, version: string): VersionRegistryCounts | undefined {
  const select = useCallback(
    (d: RegistrySummaryResponse) => {
      const v = d.versions.find((x) => x.service === service && x.version === version);
      return v ? countsOf(v) : undefined;
    },
    [service, version],
  );
  return useQuery({ ...summaryQuery(), select }).data;
}

export function useRegistryTokens(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.registry.tokens(),
    queryFn: () => call(operations.listRegistryTokens),
    enabled,
  });
}

/** The secret is in the mutation's result only; it is never put into the query cache. */
export function useCreateRegistryToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; services: string[] }) => call(operations.createRegistryToken, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.registry.tokens() }),
  });
}

export function useRevokeRegistryToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.revokeRegistryToken, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.registry.tokens() }),
  });
}

export function useRegisterInstance() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterInstanceRequest) => call(operations.registerInstance, { body }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.registry.all() }),
  });
}

export function useDeregisterInstance() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.deregisterInstance, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.registry.all() }),
  });
}
