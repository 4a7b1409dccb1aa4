// A task driven by code instead of a behaviour program: the user-space scheduler process of the rustland
// family (DESIGN.md, The scheduler interface). The driver hands the kernel one step at a time; a `run` step
// carries an effect that the kernel applies only once the step's CPU time has been consumed, so a crash,
// hang or preemption can fall between any two steps and an unpaid effect never lands.

export type DriverStep =
  | { readonly op: 'run'; readonly ns: number; readonly effect?: () => void }
  | { readonly op: 'yield' }
  | { readonly op: 'sleep'; readonly ns: number }
  | { readonly op: 'wait' }
  | { readonly op: 'exit' };

export interface TaskDriver {
  /** The next step of the running task, asked when its previous step has completed. */
  next(nowNs: number): DriverStep;
}
