"""LinkedIn data archives built in memory, in the formats LinkedIn writes: for the reader's
tests, the page's tests and the benchmark."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timedelta

MEMBER = ("Ana", "Souza")
CONNECTIONS_NOTES = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have allowed "
    'their connections to see or download their email address."\n\n'
)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def files_for(
    as_of: date = date(2026, 6, 30),
    connections: int = 40,
    messages: int = 30,
    posts_per_week: int = 2,
    weeks: int = 20,
    complete: bool = True,
) -> dict[str, str]:
    """The archive's files (name -> text): `weeks` weeks of activity ending on `as_of`; the
    smaller archive (`complete=False`) lacks the activity files but Connections and Profile."""
    first, last = MEMBER
    days = [as_of - timedelta(days=d) for d in range(weeks * 7)]
    files = {
        "Profile.csv": csv_text(
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                [
                    first,
                    last,
                    "",
                    "",
                    "",
                    "I help sales teams sell",
                    "",
                    "Software",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            ],
        ),
        "Connections.csv": CONNECTIONS_NOTES
        + csv_text(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ],
            [
                [
                    f"Contact{i}",
                    "Person",
                    f"https://www.linkedin.com/in/c{i}",
                    "",
                    "Acme",
                    "Buyer",
                    days[i % len(days)].strftime("%d %b %Y"),
                ]
                for i in range(connections)
            ],
        ),
        "Skills.csv": csv_text(["Name"], [[f"Skill {i}"] for i in range(12)]),
    }
    if not complete:
        return files
    posts = [d for i, d in enumerate(days) if i % 7 < posts_per_week]
    files |= {
        "Shares.csv": csv_text(
            ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
            [
                [
                    f"{d:%Y-%m-%d} 09:15:00",
                    "https://x",
                    'Line one\n"quoted", line two',
                    "",
                    "",
                    "MEMBER_NETWORK",
                ]
                for d in posts
            ],
        ),
        "Comments.csv": csv_text(
            ["Date", "Link", "Message"],
            [[f"{d:%Y-%m-%d} 10:00:00", "https://x", "Great point,\nagreed"] for d in days[::2]],
        ),
        "Reactions.csv": csv_text(
            ["Date", "Type", "Link"],
            [[f"{d:%Y-%m-%d} 11:00:00", "LIKE", "https://x"] for d in days],
        ),
        "Invitations.csv": csv_text(
            [
                "From",
                "To",
                "Sent At",
                "Message",
                "Direction",
                "inviterProfileUrl",
                "inviteeProfileUrl",
            ],
            [
                [
                    f"{first} {last}" if i % 3 else "Someone Else",
                    "X",
                    f"{d.month}/{d.day}/{d:%y}, 2:37 PM",
                    "",
                    "OUTGOING" if i % 3 else "INCOMING",
                    "",
                    "",
                ]
                for i, d in enumerate(days[::3])
            ],
        ),
        "messages.csv": csv_text(
            [
                "CONVERSATION ID",
                "CONVERSATION TITLE",
                "FROM",
                "SENDER PROFILE URL",
                "TO",
                "RECIPIENT PROFILE URLS",
                "DATE",
                "SUBJECT",
                "CONTENT",
                "FOLDER",
                "ATTACHMENTS",
                "IS MESSAGE DRAFT",
            ],
            [
                [
                    f"conv{i % 50}",
                    "",
                    f"{first} {last}" if i % 2 else "Contact Person",
                    "",
                    "",
                    "",
                    f"{days[i % len(days)]:%Y-%m-%d} 09:00:00 UTC",
                    "",
                    "Hello,\nsee you",
                    "INBOX",
                    "",
                    "Yes" if i % 10 == 1 else "No",
                ]
                for i in range(messages)
            ],
        ),
        "Positions.csv": csv_text(
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [
                ["Acme", "AE", "Closed 40 deals", "", "Jan 2020", ""],
                ["Beta", "SDR", "", "", "", ""],
            ],
        ),
        "Education.csv": csv_text(
            ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
            [["USP", "2010", "2014", "", "BA", ""]],
        ),
        "Certifications.csv": csv_text(["Name", "Url", "Authority"], [["Sales", "", "X"]]),
        "Recommendations_Received.csv": csv_text(
            ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"],
            [
                ["A", "B", "", "", "Great", "01/02/26", "VISIBLE"],
                ["C", "D", "", "", "Ok", "01/02/26", "HIDDEN"],
                ["E", "F", "", "", "Fine", "01/02/26", "VISIBLE"],
            ],
        ),
        "Recommendations_Given.csv": csv_text(
            ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"],
            [["G", "H", "", "", "Good", "01/02/26", "VISIBLE"]],
        ),
        "Endorsement_Received_Info.csv": csv_text(
            [
                "Endorsement Date",
                "Skill Name",
                "Endorser First Name",
                "Endorser Last Name",
                "Endorser Public Url",
                "Endorsement Status",
            ],
            [[f"{d:%Y/%m/%d} 13:20:49 UTC", "Sales", "X", "Y", "", "ACCEPTED"] for d in days[:7]],
        ),
        "Learning.csv": csv_text(["Content Title"], [["nothing for the SSI"]]),
    }
    return files


def build_zip(files: dict[str, str], folder: str = "", bom: bool = True) -> bytes:
    """The files zipped as LinkedIn does (in one folder when `folder` is given); Connections.csv
    starts with a byte-order mark when `bom`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            data = text.encode("utf-8")
            if bom and name.lower().startswith("connections"):
                data = b"\xef\xbb\xbf" + data
            path = f"{folder}/{name}" if folder else name
            archive.writestr(zipfile.ZipInfo(path, datetime(2026, 7, 1).timetuple()[:6]), data)
    return out.getvalue()


def archive_bytes(folder: str = "Complete_LinkedInDataExport_07-01-2026", **kwargs) -> bytes:
    return build_zip(files_for(**kwargs), folder=folder)
