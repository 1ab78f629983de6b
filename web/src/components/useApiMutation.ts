import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { notifyError, notifySuccess } from '../notify.ts';

/**
 * Every change the user makes answers with a notification: the success text given here, or the
 * API's own error message. Listed queries are refreshed so tables show the new state at once.
 */
export function useApiMutation<TData, TVars = void>(opts: {
  mutationFn: (vars: TVars) => Promise<TData>;
  success?: string | ((data: TData, vars: TVars) => string);
  invalidate?: QueryKey[];
  onSuccess?: (data: TData, vars: TVars) => void;
}) {
  const qc = useQueryClient();
  return useMutation<TData, Error, TVars>({
    mutationFn: opts.mutationFn,
    onSuccess: async (data, vars) => {
      if (opts.success) notifySuccess(typeof opts.success === 'function' ? opts.success(data, vars) : opts.success);
      opts.onSuccess?.(data, vars);
      await Promise.all((opts.invalidate ?? []).map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    onError: (e) => notifyError(e),
  });
}
