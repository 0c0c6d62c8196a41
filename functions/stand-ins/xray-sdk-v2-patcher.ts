/**
 * Stands in for the X-Ray SDK's patcher of the AWS SDK for JavaScript v2
 * (`aws-xray-sdk-core/dist/lib/patchers/aws_p.js`) in the Lambda bundles. The X-Ray SDK
 * loads it, and with it all of `semver` (28 kB, for its one version check of SDK v2), at
 * every cold start; Warta's functions use SDK v3 only, traced through Powertools'
 * `captureAWSv3Client` (functions/runtime/tracer.ts), which goes through the v3 patcher. Each
 * entry point refuses, saying why, if anything ever asks for the v2 one.
 */
function refused(): never {
  throw new Error('Warta functions use the AWS SDK v3 only: the X-Ray patcher of SDK v2 is not part of the Lambda bundle');
}

export const captureAWS = refused;
export const captureAWSClient = refused;
