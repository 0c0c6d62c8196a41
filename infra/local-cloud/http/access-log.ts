/**
 * The stage's access log as API Gateway writes it: the template's own format
 * (AccessLogSettings.Format), each `$context.<name>` replaced by its value for the request,
 * and "-" for a value the request does not have, as API Gateway does. The local cloud
 * appends the lines to one file, its stand-in for the stage's CloudWatch log group, so a
 * test reads exactly what AWS would keep.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */

/** The values of one request, keyed by the variable's name without `$context.`. */
export type AccessFacts = Record<string, string | number | undefined>;

export function accessLogLine(format: string, facts: AccessFacts): string {
  return format.replace(/\$context\.([A-Za-z0-9_.]*[A-Za-z0-9_])/g, (_, name: string) => {
    const value = facts[name];
    // The formats are JSON: a value goes inside the template's quotes, escaped as JSON.
    return value === undefined || value === '' ? '-' : JSON.stringify(String(value)).slice(1, -1);
  });
}
