// Placeholder until this handler is built; it must exist so the stack can bundle it.
export const handler = async (): Promise<never> => {
  throw new Error('human-task is not built yet');
};
