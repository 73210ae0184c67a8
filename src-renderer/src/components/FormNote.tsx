/** How an action in a form went: said politely when it worked, as an alert when it did not. */
export interface FormMessage {
  tone: 'ok' | 'problem';
  text: string;
}

/** A form's outcome line under its fields; nothing while there is none. */
export function FormNote({ message }: { message: FormMessage | null }) {
  if (!message) return null;
  return (
    <p className={message.tone === 'ok' ? 'su-saved' : 'su-problem'} role={message.tone === 'ok' ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
}
