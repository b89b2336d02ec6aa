# Memoria's interface in English. Every other language file has the same keys; a
# missing one falls back to this file.

skip-to-content = Skip to content
nav-label = Main
nav-dashboard = Dashboard
nav-incidents = Incidents
nav-persons = People
nav-organizations = Organizations
nav-sources = Sources
nav-interventions = Interventions
nav-source-lists = Source lists
nav-places = Places
nav-collections = Collections
nav-audit = Audit log
search-label = Search
search-placeholder = Search names, titles, narratives…
search-title = Search
search-submit = Search
search-count = { $count ->
    [one] One result
   *[other] { $count } results
}
sign-out = Sign out
footer-note = Handle with care: this data can put people at risk.

sign-in-title = Sign in
sign-in-name = Account name
sign-in-password = Password
sign-in-submit = Sign in
sign-in-failed = The account name or password is wrong. Check both and try again.
second-factor-title = Second step
second-factor-help = Enter the six-digit code your authenticator app shows for Memoria.
second-factor-code = Code
second-factor-submit = Continue
second-factor-failed = That code is not valid. Wait for the next code and try again.

dashboard-title = Dashboard
dashboard-by-status = Incidents by status
dashboard-all-incidents = all incidents
dashboard-recent = Recently changed
dashboard-due = Follow-ups due
dashboard-nothing-due = No follow-up is due in the next two weeks.
nothing-yet = Nothing yet.

incidents-title = Incidents
incidents-new = New incident
incidents-none = No incident matches these filters.
incidents-showing = { $first }–{ $last } of { $total }
incidents-count = { $count } incidents
incident-edit-title = Edit incident
incident-acts = Acts
incident-claims = Claims by field
incident-sources = Sources
incident-interventions = Interventions
act-victims = Victims
act-perpetrators = Alleged perpetrators
perpetrator-unidentified = Unidentified
claims-conflict = Sources disagree
claims-preferred = Preferred
grade-help = Source grade: reliability (A–F) and credibility (1–6)

filter-text = Words
filter-date = Date
filter-from = From
filter-to = To
filter-violation = Violation
filter-perpetrator-type = Perpetrator type
filter-any = Any
filter-sort = Sort by
filter-apply = Apply
filter-clear = Clear filters
filter-bad-date = A date filter is not a date Memoria understands (try 1999, 1999-03 or 1999-03-05); it was left out.
filter-bad-place = The place filter is not a place id; it was left out.
sort-date-desc = Newest first
sort-date-asc = Oldest first
sort-updated = Recently changed
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-older = More

field-title = Title
field-narrative = Narrative
field-date = Date
field-place = Place
field-place-id = Place (record id)
field-status = Status
field-confidentiality = Confidentiality
field-collection = Collection
field-external-id = Reference in your own files
date-uncertain = uncertain
date-uncertain-help = The date is uncertain or approximate, or reaches outside the range asked for.
date-help = A date, a month or a year (1999-03-05, 1999-03, 1999); ? for uncertain, ~ for approximate (1999-03?); a range as 1999-03-05/1999-03-09.
date-invalid = This is not a date Memoria understands. Write it as 1999-03-05, 1999-03 or 1999; add ? if uncertain; a range as 1999-03-05/1999-03-09.
place-invalid = This is not the id of a place. Copy it from the place's page, or leave it empty.
collection-invalid = Choose a collection you may add records to.
title-required = Give the incident a title in at least one language.
form-has-problems = Some fields need attention; each says how to fix it.
form-too-long = Too long: at most { $max } characters.

status-draft = Draft
status-under-review = Under review
status-verified = Verified
status-closed = Closed
sensitivity-public = Public
sensitivity-internal = Internal
sensitivity-restricted = Restricted
sensitivity-confidential = Confidential

kind-collection = Collection
kind-incident = Incident
kind-act = Act
kind-person = Person
kind-organization = Organization
kind-source = Source
kind-claim = Claim
kind-intervention = Intervention
kind-source-list = Source list
kind-record = List entry
kind-place = Place
kind-vocabulary = Vocabulary

role-victim = victim
role-witness = witness
role-source = source
role-perpetrator = perpetrator
role-administrator = Administrator
role-coordinator = Coordinator
role-analyst = Analyst
role-documentalist = Documentalist
role-field-researcher = Field researcher
role-viewer = Viewer
role-installation-admin = Installation administrator
all-collections = every collection

action-edit = Edit
action-history = History
action-save = Save
action-cancel = Cancel
action-create = created
action-update = changed
action-delete = deleted
action-undelete = undeleted
action-restore = restored

withheld = withheld
record-deleted = This record is deleted. Its history can restore it.
record-version = Version { $version }
record-related = Related records
records-count = { $count } records

history-title = History
history-restore = Restore version { $version }
diff-field = Field
diff-before = Before
diff-after = After
diff-theirs = Saved by someone else
diff-yours = Your edit
conflict-title = Someone else saved this incident while you were editing
conflict-explain = The incident is now at version { $version }. Your edit was not saved.
conflict-next = Your edit is still in the form below. Check the differences, then save again to apply it over the newer version, or cancel.

account-title = Your account
account-language = Language
account-roles = Your roles
account-password = Password
account-password-current = Current password
account-password-new = New password (at least 12 characters)
account-password-change = Change password
password-current-wrong = The current password is wrong.
password-too-weak = The new password is too short: use at least { $min } characters (a few random words work well).
account-totp = Two-step sign-in
account-totp-on = Two-step sign-in is on.
account-totp-off = Two-step sign-in is off. Turn it on: a stolen password alone will then not open your account.
account-totp-start = Turn on two-step sign-in
account-totp-enrol-help = Add this key to your authenticator app (or the link below), then enter the code it shows.
account-totp-enable = Turn on
totp-bad-secret = The enrolment expired; start again.
saved = Saved.

audit-title = Audit log
audit-when = When
audit-who = Account
audit-what = Action
audit-record = Record
audit-detail = Detail

add-act-title = Add an act
add-act-victim = Victim's name (a new person; leave empty if unknown)
add-act-group-size = Number of victims, if a group
add-act-submit = Add the act
add-source-title = Add a source
add-source-name = Source (who or what reported it)
add-source-reliability = Reliability of the source
add-source-credibility = Credibility of the information
add-source-field = Field the source speaks to (optional, e.g. date)
add-source-value = What the source says about it
add-source-submit = Add the source
claim-needs-both = Give both the field and what the source says about it, or neither.

nav-vocabularies = Vocabularies
nav-accounts = Accounts
accounts-title = Accounts and roles
account-add = Add an account
account-disable = Disable
account-enable = Enable
account-disabled = disabled
account-no-password = command line only
account-name-invalid = Account names use 1–64 letters, digits, dots, hyphens and underscores.
account-name-taken = An account with this name exists already; choose another name.
role-none = No role
vocabulary-terms = { $count } terms
term-code = Code
term-labels = Labels
term-parent = Broader term (code)
term-deprecated = deprecated
term-add = Add a term
term-invalid = A term needs a code (lower-case letters, digits, - _ .) and a label in at least one language, each under 300 characters.

button-delete = Delete
button-undelete = Undelete

add-intervention-title = Record an intervention
add-intervention-kind = Kind of intervention
add-intervention-target = Institution addressed
add-intervention-submitted = Submitted on
add-intervention-follow-up = Next follow-up due on
add-intervention-submit = Record the intervention

follow-up-title = Follow-up
follow-up-response = Response received
follow-up-response-date = Response received on
