/** A large on/off switch the thumb can hit; a real `switch` for screen readers. */
export function OnlineSwitch({ online, onChange }: { online: boolean; onChange: (online: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={online}
      onClick={() => onChange(!online)}
      className={`flex w-full items-center gap-4 rounded-3xl p-4 text-left shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600 ${
        online ? 'bg-emerald-600 text-white' : 'bg-white text-slate-900 ring-1 ring-slate-200'
      }`}
    >
      <span className="flex-1">
        <span className="block text-lg font-extrabold">{online ? 'You are online' : 'You are offline'}</span>
        <span className={`block text-sm ${online ? 'text-emerald-100' : 'text-slate-500'}`}>
          {online ? 'New orders will pop up here with a sound.' : 'Go online to receive orders.'}
        </span>
      </span>
      <span
        aria-hidden="true"
        className={`relative h-9 w-16 shrink-0 rounded-full transition ${online ? 'bg-emerald-300' : 'bg-slate-300'}`}
      >
        <span
          className={`absolute top-1 left-1 size-7 rounded-full bg-white shadow transition-transform ${online ? 'translate-x-7' : ''}`}
        />
      </span>
      <span className="sr-only">Receive orders</span>
    </button>
  );
}
