"""Pure booking rules: slot computation and checks over plain data, time from an injected clock."""
