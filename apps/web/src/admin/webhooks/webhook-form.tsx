import type { CreateWebhookResponse, EventType, Webhook } from '@swyft/contract';
import { type FormEvent, useId, useState } from 'react';
import { toast } from 'sonner';
import { api } from '../../api/swyft-api';
import { TextAreaField, TextField } from '../../components/field';
import { Button, Card } from '../../components/ui';
import { eventFamilies } from './event-groups';
import { formErrors } from './webhook-words';

type Errors = ReturnType<typeof formErrors>;

/** A URL a browser can parse, http or https: the server checks where it leads. */
function urlProblem(url: string): string | undefined {
  if (!url) return 'Enter the address that should receive the events, such as https://till.example.com/swyft';
  if (!URL.canParse(url)) return 'Enter a full address that starts with https:// (or http://).';
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return 'Enter a full address that starts with https:// (or http://).';
  return undefined;
}

/**
 * Creates an endpoint (then `onCreated` gets the secret, shown once) or edits one (`webhook`): its URL, the
 * event types it receives (every type, or those ticked) and a description.
 */
export function WebhookForm({
  webhook,
  onCreated,
  onSaved,
  onCancel,
}: {
  webhook?: Webhook;
  onCreated?: (result: CreateWebhookResponse) => void;
  onSaved?: (webhook: Webhook) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const editing = webhook !== undefined;
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [all, setAll] = useState(webhook ? webhook.eventTypes.includes('*') : true);
  const [types, setTypes] = useState<string[]>(webhook && !webhook.eventTypes.includes('*') ? webhook.eventTypes : []);
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const title = editing ? 'Edit webhook' : 'New webhook';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = url.trim();
    const found: Errors = {
      ...(urlProblem(trimmed) ? { url: urlProblem(trimmed) } : {}),
      ...(!all && types.length === 0 ? { eventTypes: 'Choose “All events”, or at least one event type.' } : {}),
    };
    setErrors(found);
    if (found.url || found.eventTypes) return;
    const eventTypes = (all ? ['*'] : types) as ['*'] | EventType[];
    setPending(true);
    try {
      if (webhook) {
        const changed = {
          ...(trimmed !== webhook.url ? { url: trimmed } : {}),
          ...(eventTypes.join() !== webhook.eventTypes.join() ? { eventTypes } : {}),
          ...(description.trim() !== webhook.description ? { description: description.trim() } : {}),
        };
        const saved =
          Object.keys(changed).length > 0 ? (await api.webhooks.update(webhook.id, changed)).webhook : webhook;
        toast.success('Webhook saved');
        onSaved?.(saved);
      } else {
        const result = await api.webhooks.create({
          url: trimmed,
          eventTypes,
          ...(description.trim() ? { description: description.trim() } : {}),
        });
        onCreated?.(result);
      }
    } catch (error) {
      const refused = formErrors(error);
      setErrors(refused);
      if (refused.form) toast.error(refused.form);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card className="p-4">
      <form onSubmit={submit} noValidate className="space-y-4" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="text-base font-bold text-fg">
          {title}
        </h2>
        {errors.form && (
          <p role="alert" className="rounded-xl bg-danger-soft px-3 py-2 text-sm text-danger-soft-fg">
            {errors.form}
          </p>
        )}
        <div className="max-w-xl">
          <TextField
            label="Endpoint URL"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              setErrors(({ url: _, ...rest }) => rest);
            }}
            error={errors.url}
            hint="Swyft sends each event here with a POST, signed with the webhook's secret."
            maxLength={2048}
            autoFocus
          />
        </div>
        <fieldset aria-describedby={errors.eventTypes ? `${id}-types-error` : undefined} className="space-y-2">
          <legend className="text-sm font-medium text-fg">Events to send</legend>
          <div className="flex flex-col gap-2 sm:flex-row">
            <label className="tap flex cursor-pointer items-center gap-3 rounded-xl border border-border px-3 py-2.5 hover:bg-surface-muted">
              <input
                type="radio"
                name={`${id}-scope`}
                className="size-5 shrink-0 accent-accent"
                checked={all}
                onChange={() => setAll(true)}
              />
              <span className="text-sm text-fg">All events, including types added later</span>
            </label>
            <label className="tap flex cursor-pointer items-center gap-3 rounded-xl border border-border px-3 py-2.5 hover:bg-surface-muted">
              <input
                type="radio"
                name={`${id}-scope`}
                className="size-5 shrink-0 accent-accent"
                checked={!all}
                onChange={() => setAll(false)}
              />
              <span className="text-sm text-fg">Only the types I choose</span>
            </label>
          </div>
          {errors.eventTypes && (
            <p id={`${id}-types-error`} className="text-sm text-danger">
              {errors.eventTypes}
            </p>
          )}
          {!all && (
            <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {eventFamilies().map((family) => (
                <fieldset key={family.name} className="rounded-xl border border-border p-3">
                  <legend className="px-1 text-sm font-semibold text-fg">{family.name}</legend>
                  <div className="space-y-1">
                    {family.types.map((type) => (
                      <label
                        key={type}
                        className="tap flex cursor-pointer items-center gap-3 rounded-lg px-2 py-1.5 hover:bg-surface-muted"
                      >
                        <input
                          type="checkbox"
                          className="size-5 shrink-0 accent-accent"
                          checked={types.includes(type)}
                          onChange={(e) => {
                            setTypes((held) => (e.target.checked ? [...held, type] : held.filter((t) => t !== type)));
                            setErrors(({ eventTypes: _, ...rest }) => rest);
                          }}
                        />
                        <span className="font-mono text-sm text-fg">{type}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
            </div>
          )}
        </fieldset>
        <div className="max-w-xl">
          <TextAreaField
            label="Description (optional)"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={errors.description}
            hint="What receives these events, e.g. “Till, Main Street store”"
            rows={2}
            maxLength={500}
          />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" pending={pending}>
            {editing ? 'Save changes' : 'Create webhook'}
          </Button>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
