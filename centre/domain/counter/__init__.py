"""What staff do at a counter, one module per job.

`state` holds what every action shares (who acts, the counter as found and as left, the
action's event row); `seat` sitting down, leaving, breaks; `phone` phone duty and the calls
logged there; `calling` calling a citizen (next in line, by number, again, back from parked);
`serving` what follows a call (start, finish, no-show, park, transfer). Each action is one
write transaction with its event row; the committed events reach the screens through the
realtime hub. The counter's routes are in `centre/api_counter.py`, its browser client in the
top-level `counter/` package.
"""
