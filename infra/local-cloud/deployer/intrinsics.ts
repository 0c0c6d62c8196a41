/**
 * CloudFormation intrinsic functions, resolved to local values: Ref, Fn::GetAtt, Fn::Join,
 * Fn::Sub, Fn::Select, Fn::Split, Fn::If / Fn::Equals / Fn::And / Fn::Or / Fn::Not /
 * Condition, Fn::GetAZs, Fn::Base64 and the pseudo parameters. What a Ref or GetAtt of a
 * resource means locally is decided by the caller (the deployer's resource table).
 */

export class UnresolvableIntrinsic extends Error {
  override name = 'UnresolvableIntrinsic';
}

export interface ResolveContext {
  region: string;
  accountId: string;
  stackName: string;
  parameters: Record<string, { Default?: unknown }>;
  conditions: Record<string, unknown>;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): unknown;
  /** Applied to every string the resolver produces (the local URL mapping). */
  localize?(value: string): string;
}

const NO_VALUE = Symbol('AWS::NoValue');

export interface Resolver {
  resolve(value: unknown): unknown;
  resolveString(value: unknown, where: string): string;
  condition(name: string): boolean;
}

export function createResolver(ctx: ResolveContext): Resolver {
  const conditionCache = new Map<string, boolean>();

  const pseudo = (name: string): unknown => {
    switch (name) {
      case 'AWS::Region':
        return ctx.region;
      case 'AWS::AccountId':
        return ctx.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return ctx.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  };

  const ref = (name: string): unknown => {
    const p = pseudo(name);
    if (p !== undefined) return p;
    const parameter = ctx.parameters[name];
    if (parameter) {
      if (parameter.Default === undefined) throw new UnresolvableIntrinsic(`Parameter ${name} has no Default`);
      return parameter.Default;
    }
    return ctx.ref(name);
  };

  const condition = (name: string): boolean => {
    const cached = conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in ctx.conditions)) throw new UnresolvableIntrinsic(`Unknown condition ${name}`);
    const value = Boolean(resolve(ctx.conditions[name]));
    conditionCache.set(name, value);
    return value;
  };

  const sub = (template: string, variables: Record<string, unknown>): string =>
    template.replace(/\$\{([^}]*)\}/g, (whole, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      const name = expression.trim();
      if (name in variables) return String(resolve(variables[name]));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return String(ctx.getAtt(name.slice(0, dot), name.slice(dot + 1)));
      const value = ref(name);
      if (value === undefined || value === NO_VALUE) throw new UnresolvableIntrinsic(`Fn::Sub cannot resolve ${whole}`);
      return String(value);
    });

  const intrinsic = (key: string, arg: unknown): unknown => {
    switch (key) {
      case 'Ref':
        return ref(String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return ctx.getAtt(logicalId!, attribute.join('.'));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown];
        const list = resolve(parts);
        if (!Array.isArray(list)) throw new UnresolvableIntrinsic('Fn::Join needs a list');
        return list
          .filter((p) => p !== NO_VALUE)
          .map(String)
          .join(separator);
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return sub(arg, {});
        const [template, variables] = arg as [string, Record<string, unknown>];
        return sub(template, variables ?? {});
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = resolve(list);
        const i = Number(resolve(index));
        if (!Array.isArray(items) || !(i in items)) throw new UnresolvableIntrinsic(`Fn::Select index ${i} out of range`);
        return items[i];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return String(resolve(source)).split(separator);
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((z) => `${ctx.region}${z}`);
      case 'Fn::Base64':
        return Buffer.from(String(resolve(arg))).toString('base64');
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        return resolve(condition(name) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [a, b] = (arg as unknown[]).map(resolve);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::And':
        return (arg as unknown[]).every((c) => Boolean(resolve(c)));
      case 'Fn::Or':
        return (arg as unknown[]).some((c) => Boolean(resolve(c)));
      case 'Fn::Not':
        return !resolve((arg as unknown[])[0]);
      case 'Condition':
        return condition(String(arg));
      default:
        throw new UnresolvableIntrinsic(`${key} is not supported by the local cloud`);
    }
  };

  function resolve(value: unknown): unknown {
    if (typeof value === 'string') return ctx.localize ? ctx.localize(value) : value;
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 1) {
        const [key, arg] = entries[0]!;
        if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) {
          const result = intrinsic(key, arg);
          return typeof result === 'string' && ctx.localize ? ctx.localize(result) : result;
        }
      }
      const out: Record<string, unknown> = {};
      for (const [key, v] of entries) {
        const resolved = resolve(v);
        if (resolved !== NO_VALUE) out[key] = resolved;
      }
      return out;
    }
    return value;
  }

  const resolveString = (value: unknown, where: string): string => {
    const resolved = resolve(value);
    if (typeof resolved !== 'string') throw new UnresolvableIntrinsic(`${where} did not resolve to a string`);
    return resolved;
  };

  return { resolve, resolveString, condition };
}
