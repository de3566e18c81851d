"""The citizen's pages, in the browser: booking a time and, later, seeing or changing it.

`booking_pages` walks a citizen from service to centre, day, time and details to a confirmed
booking; `my_booking_pages` is the page behind the citizen's own manage link (see, cancel or
move one booking). Both are thin blueprints over `booking/domain/` and render the templates in
`booking/templates/booking/`; staff and manager pages are in `booking/staff/`.
"""
