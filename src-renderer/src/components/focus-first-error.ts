import { useEffect, type RefObject } from 'react';

/**
 * When a save is refused with field errors, the focus goes to the first field
 * marked invalid (in reading order), so the desk hears the error and types the
 * fix without hunting for it. Runs after the errors are drawn.
 */
export function useFocusFirstError(form: RefObject<HTMLElement | null>, errors: Readonly<Record<string, string | undefined>>): void {
  useEffect(() => {
    if (!Object.values(errors).some(Boolean)) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
