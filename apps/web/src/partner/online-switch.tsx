/**
 * A large on/off switch the thumb can hit; a real `switch` for screen readers, named by what it says
 * ("You are offline …") and checked when online.
 */
export function OnlineSwitch({ online, onChange }: { online: boolean; onChange: (online: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={online}
      onClick={() => onChange(!online)}
      className={`flex w-full items-center gap-4 rounded-3xl p-4 text-left shadow-sm transition ${
        online ? 'bg-accent text-accent-fg' : 'bg-surface text-fg ring-1 ring-border-strong'
      }`}
    >
      <span className="flex-1">
        <span className="block text-lg font-extrabold">{online ? 'You are online' : 'You are offline'}</span>
        <span className={`block text-sm ${online ? '' : 'text-fg-muted'}`}>
          {online ? 'New orders will pop up here with a sound.' : 'Go online to receive orders.'}
        </span>
      </span>
      <span
        aria-hidden="true"
        className={`relative h-9 w-16 shrink-0 rounded-full transition ${online ? 'bg-accent-fg/30' : 'bg-surface-sunken ring-1 ring-border-strong'}`}
      >
        <span
          className={`absolute top-1 left-1 size-7 rounded-full shadow transition-transform ${online ? 'translate-x-7 bg-accent-fg' : 'bg-fg-muted'}`}
        />
      </span>
    </button>
  );
}
