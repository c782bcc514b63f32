/**
 * The audible and tactile cue for a new offer. Browsers only let audio start after a tap, so the online
 * switch calls `unlockAudio()`; a beep before that is silently skipped (the visual cue still shows).
 */
let context: AudioContext | undefined;

export function unlockAudio(): void {
  const Ctor =
    globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return;
  context ??= new Ctor();
  if (context.state === 'suspended') void context.resume().catch(() => {});
}

/** False until a tap has allowed sound (after a reload, the partner must tap once). */
export function audioReady(): boolean {
  return context?.state === 'running';
}

/** Two short rising tones. */
export function playOfferCue(): void {
  try {
    if (context && context.state === 'running') {
      const start = context.currentTime;
      for (const [offset, frequency] of [
        [0, 880],
        [0.18, 1175],
      ] as const) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + offset);
        oscillator.stop(start + offset + 0.16);
      }
    }
    navigator.vibrate?.([120, 60, 120]);
  } catch {
    // A cue is a nicety; never let it break the screen.
  }
}
