// Placeholder until this handler is built; it must exist so the stack can bundle it.
export const handler = async (): Promise<never> => {
  throw new Error('mail-events is not built yet');
};
