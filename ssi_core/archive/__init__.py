"""LinkedIn's data archive ("Get a copy of your data"): facts, weekly activity and answers.

Only counts ever leave this package: no contact's name, e-mail or message text.
"""
