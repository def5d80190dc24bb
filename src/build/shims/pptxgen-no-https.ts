// Bundle shim (src/build/bundle.ts): pptxgenjs imports node:https (≈ 14 ms of loading TLS and HTTP for every
// deck built) to fetch images named by an http(s) URL. surveydeck hands it every picture as bytes, and a
// deck built from a template must never reach the network: a URL fails here instead of being fetched.
export function get(url: string): never {
  throw new Error(`surveydeck does not fetch remote media (${url}); give the picture as a file of the project`);
}

export default { get };
