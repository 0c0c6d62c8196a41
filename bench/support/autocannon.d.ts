// The slice of autocannon 9's API the load benchmark uses (it ships no types).
declare module 'autocannon' {
  interface Histogram {
    p50: number;
    p99: number;
    max: number;
    mean: number;
    average: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: Array<{
      method?: string;
      headers?: Record<string, string>;
      setupRequest?: (request: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
      onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
    }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
