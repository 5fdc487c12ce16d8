/**
 * Every timer the simulator starts goes through a TimerBag: timers are unref'd (a pending
 * callback never keeps the process alive) and `clearAll()` cancels them on reset or close.
 */
export class TimerBag {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly sleepers = new Set<() => void>();

	/** Runs `fn` after `ms`, unless the bag is cleared first. */
	set(fn: () => void, ms: number): NodeJS.Timeout {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				fn();
			},
			Math.max(0, ms),
		);
		timer.unref();
		this.timers.add(timer);
		return timer;
	}

	/** Resolves after `ms`; resolves early (with `false`) when the bag is cleared. */
	sleep(ms: number): Promise<boolean> {
		return new Promise((resolve) => {
			const wake = () => {
				this.sleepers.delete(wake);
				resolve(false);
			};
			this.sleepers.add(wake);
			this.set(() => {
				this.sleepers.delete(wake);
				resolve(true);
			}, ms);
		});
	}

	get size(): number {
		return this.timers.size;
	}

	clearAll(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const wake of [...this.sleepers]) wake();
	}
}
