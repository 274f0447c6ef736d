// A decider, in the style of Emmett's and Jérémie Chassaing's: what a stream's past events make of
// its state (evolve, from initialState) and what a command decides given that state (decide), as
// pure functions. `Context` is what a decision needs beyond its own stream (a contribution needs its
// programme's set-up: partners, actions, rates); `void` when nothing. Each domain module exports one
// as a value; the one command handler (src/app/command-handler.ts) runs any of them.
export interface Decider<Command, Event, State, Context = void> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: Context): Event[];
}

/** The state a list of events folds to, from the decider's initial state. */
export function foldEvents<Command, Event, State, Context>(decider: Decider<Command, Event, State, Context>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
