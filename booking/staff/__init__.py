"""The pages and JSON API of staff: reception, the contact centre and managers.

Login and role checks (`auth`); reception's and the contact centre's day of bookings, booking,
moving and cancelling for a citizen (`pages`, `api`); the manager's setup of staff, weekly
hours, absences, extra days, service lengths and centre policies (`manager_pages`,
`manager_api`); all centres today (`overview`); and bookings and staff as staff see them
(`answers`). Thin blueprints over `booking/domain/`; the citizen's own manage-my-booking page
is in `booking/citizen/`.
"""
