"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { isApiClientError } from "@/lib/client/api.ts";

function makeClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        refetchOnWindowFocus: true,
        retry: (count, error) => !(isApiClientError(error) && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeClient);
  const router = useRouter();

  // A 401 anywhere (expired session) sends the user to /login and back afterwards.
  useEffect(() => {
    const onError = (error: unknown) => {
      if (!isApiClientError(error) || error.status !== 401) return;
      if (window.location.pathname.startsWith("/login")) return;
      const next = window.location.pathname + window.location.search;
      router.replace(`/login?next=${encodeURIComponent(next)}`);
    };
    const offQueries = client.getQueryCache().subscribe((e) => {
      if (e.type === "updated" && e.action.type === "error") onError(e.action.error);
    });
    const offMutations = client.getMutationCache().subscribe((e) => {
      if (e.type === "updated" && e.action.type === "error") onError(e.action.error);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client, router]);

  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
