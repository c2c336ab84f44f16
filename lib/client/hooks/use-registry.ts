"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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

/**
 * Registered instances per service version of the running config, by health: for the topology's version nodes.
 * `counts("reviews", "v2")` is undefined for a version the running config does not have.
 */
export function useRegistrySummary() {
  const q = useQuery({
    queryKey: queryKeys.registry.summary(),
    queryFn: () => call(operations.registrySummary),
    refetchInterval: 2_000,
  });
  const byKey = new Map<string, VersionRegistryCounts>(
    (q.data?.versions ?? []).map((v: RegistrySummaryResponse["versions"][number]) => [
      `${v.service}/${v.version}`,
      {
        ...v.registered,
        staticEndpoints: v.staticEndpoints,
        total: v.registered.passing + v.registered.warning + v.registered.critical,
      },
    ]),
  );
  return { ...q, counts: (service: string, version: string) => byKey.get(`${service}/${version}`) };
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
