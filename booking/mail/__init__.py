"""Messages to citizens and the background round that sends them.

`mailer` sends the outbox (confirmations, changes, reminders) in the citizen's language by SMTP
and the SMS gateway (`sms_gateway`, the text from `sms_message`) or into the development mailbox
folder (kept by `booking/store/mailbox.py`), which the demo
shows at `/dev/mailbox` (`mailbox_pages`); `ticker` is the background round: reminders,
sending, purging old personal data. What to send and when is decided in
`booking/domain/messages.py`.
"""
