import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "./api";

export interface Loaded<T> { data: T | undefined; error: string | undefined; loading: boolean; reload: () => void }

/**
 * Loads data and loads it again whenever one of `deps` changes (the live feed bumps a counter among them). A reload
 * keeps the data on screen until the new answer arrives, so lists do not flicker while they update live.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then(
      result => { if (call === latest.current) { setData(result); setError(undefined); setLoading(false); } },
      failure => { if (call === latest.current) { setError(describeError(failure)); setLoading(false); } });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce(n => n + 1), []);
  return { data, error, loading, reload };
}

/** A value that follows `value` but settles for `ms` first: a burst of live messages causes one reload. */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
