# A stand-in for the 1Password CLI (op 2.x) used by the service-account tests. The test copies this
# file next to a data.json, prepends a "#!<python3>" line and makes it executable.
#
# It answers the four commands the provider runs, the way op prints them:
#   op read [--no-newline] op://vault/item/[section/]field[?attribute=otp|type|value]
#   op inject                      (template on stdin, {{ op://... }} replaced, nothing else changed)
#   op whoami
#   op item list --vault <vault> --format json   (id, title, version, vault{id,name}, category, last_edited_by,
#                                                 created_at, updated_at, additional_information when the item has one
#                                                 (a login's username); no fields: never a value; no paging, no title filter)
#   op vault list --format json                   (id, name, content_version, created_at, updated_at, items)
#   op item create --vault <vault> --template <file> [--format json]     (values only in the template file)
#   op item edit <item> --vault <vault> --template <file> [--format json]
#   op item delete <item> --vault <vault>
# Errors go to stderr as "[ERROR] <yyyy/mm/dd hh:mm:ss> <message>" with exit code 1, using op 2's texts:
#   could not read secret 'op://v/nope/f': could not get item v/nope: "nope" isn't an item in the "v" vault.
#     Specify the item with its UUID, name, or domain.
#   could not read secret 'op://v/i/nope': item 'v/i' does not have a field 'nope'
#   "v" isn't a vault in this account. Specify the vault with its ID or name.
#   (403) Forbidden: You aren't authorized to access this resource.
#   (429) Too Many Requests: You've reached the maximum number of this type of requests this service
#     account is allowed to make. Please retry in 59 minutes or try other requests.
#   error initializing client: Validation: (failed to session.DecodeSACredentials), ...
# Sources: https://developer.1password.com/docs/cli/reference/commands/read,
# https://developer.1password.com/docs/cli/reference/commands/inject,
# https://developer.1password.com/docs/cli/secret-reference-syntax (names or ids, case-insensitive),
# https://developer.1password.com/docs/service-accounts/rate-limits (the 429 text),
# https://developer.1password.com/docs/cli/item-create and /docs/cli/item-template-json (item JSON template: title,
# category, sections[], fields[] of {id, section{id}, type, label, value}; "use a JSON template" for sensitive values),
# https://developer.1password.com/docs/cli/reference/management-commands/item (create / edit / delete / list flags),
# https://developer.1password.com/docs/cli/reference/management-commands/vault (vault list), list JSON field names as
# printed by op 2.x (e.g. the sample in yammerjp/optruck pkg/op/vault.go and op item get/list samples in public suites),
# op 2.3x stderr samples quoted in public test suites (item/field/vault/403/DecodeSACredentials texts).
# The section-not-found text is not documented; it is modelled on the field text.
#
# data.json: {"token": "...", "mode": "ok|hang|rate_limited", "denied": [vault names or ids],
#             "vaults": [{"id", "name", "items": [{"id", "title", "category", "created_at"?, "updated_at"?,
#                          "sections": [{"id", "label"}],
#                          "fields": [{"id", "label", "type", "value", "totp"?, "section": {"id"}?}]}]}]}
# Every run appends one JSON line to calls.log: argv and the NAMES of the environment variables (never values), and for
# a --template run the permission bits of the template file and of its directory. Runs hold an exclusive lock on
# data.lock, so concurrent creates and edits do not lose each other's changes.
import fcntl
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
STAMP = "2024/05/01 10:00:00"
STAMP_ISO = "2024-05-01T10:00:00Z"


def fail(message):
    sys.stderr.write("[ERROR] %s %s\n" % (STAMP, message))
    sys.exit(1)


def load():
    with open(os.path.join(HERE, "data.json"), encoding="utf-8") as f:
        return json.load(f)


def save(data):
    tmp = os.path.join(HERE, "data.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, os.path.join(HERE, "data.json"))


def new_id():
    import random
    return "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(26))


def log(stdin_len):
    entry = {"argv": sys.argv[1:], "env": sorted(os.environ.keys()), "stdin": stdin_len, "pid": os.getpid()}
    if "--template" in sys.argv:
        path = sys.argv[sys.argv.index("--template") + 1]
        try:
            entry["template_mode"] = oct(os.stat(path).st_mode & 0o777)
            entry["template_dir_mode"] = oct(os.stat(os.path.dirname(path)).st_mode & 0o777)
        except OSError:
            entry["template_mode"] = "missing"
    with open(os.path.join(HERE, "calls.log"), "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


class OpError(Exception):
    pass


def find(things, wanted, key):
    for t in things:
        if t.get("id") == wanted:
            return t
    matches = [t for t in things if t.get(key, "").lower() == wanted.lower()]
    if len(matches) > 1:
        raise OpError('More than one %s matches "%s". Try again and specify it by its ID.' % (key, wanted))
    return matches[0] if matches else None


def vault_of(data, name):
    denied = data.get("denied", [])
    vault = find(data["vaults"], name, "name")
    if vault is not None and (vault["name"] in denied or vault["id"] in denied):
        raise OpError("(403) Forbidden: You aren't authorized to access this resource.")
    return vault


def resolve(data, ref):
    m = re.match(r"^op://(.*)$", ref)
    if not m:
        raise OpError("invalid secret reference '%s': secret references should match op://<vault>/<item>[/<section>]/<field>" % ref)
    body = m.group(1)
    attribute = None
    if "?" in body:
        body, query = body.split("?", 1)
        if not query.startswith("attribute="):
            raise OpError("invalid secret reference '%s': unsupported query parameter" % ref)
        attribute = query[len("attribute="):]
    parts = body.split("/")
    if len(parts) > 4:
        raise OpError("too many '/': secret references should match op://<vault>/<item>[/<section>]/<field>")
    if len(parts) < 3 or any(p == "" for p in parts):
        raise OpError("invalid secret reference '%s': secret references should match op://<vault>/<item>[/<section>]/<field>" % ref)
    vname, iname = parts[0], parts[1]
    section = parts[2] if len(parts) == 4 else None
    fname = parts[-1]
    prefix = "could not read secret '%s': " % ref
    try:
        vault = vault_of(data, vname)
        if vault is None:
            raise OpError('could not get item %s/%s: "%s" isn\'t a vault in this account. Specify the vault with its ID or name.'
                          % (vname, iname, vname))
        item = find(vault["items"], iname, "title")
        if item is None:
            raise OpError('could not get item %s/%s: "%s" isn\'t an item in the "%s" vault. Specify the item with its UUID, name, or domain.'
                          % (vname, iname, iname, vname))
        fields = item.get("fields", [])
        if section is not None:
            sec = find(item.get("sections", []), section, "label")
            if sec is None:
                raise OpError("item '%s/%s' does not have a section '%s'" % (vname, iname, section))
            fields = [f for f in fields if f.get("section", {}).get("id") == sec["id"]]
        field = find(fields, fname, "label")
        if field is None:
            raise OpError("item '%s/%s' does not have a field '%s'" % (vname, iname, fname))
    except OpError as e:
        raise OpError(prefix + str(e))
    if attribute in (None, "value"):
        return field.get("value", "")
    if attribute == "type":
        return field.get("type", "STRING").lower()
    if attribute == "otp":
        if not field.get("totp"):
            raise OpError(prefix + "field '%s' is not a one-time password field" % fname)
        return field["totp"]
    raise OpError(prefix + "unsupported attribute '%s'" % attribute)


def check_token(data, what):
    token = os.environ.get("OP_SERVICE_ACCOUNT_TOKEN")
    if not token:
        fail("%sYou are not currently signed in. Please run `op signin --help` for instructions" % what)
    if token != data["token"]:
        fail("%serror initializing client: Validation: (failed to session.DecodeSACredentials), Server: "
             "(failed to DecodeSACredentials), illegal base64 data at input byte 12" % what)


def hang():
    child = subprocess.Popen(["sleep", "60"])
    with open(os.path.join(HERE, "hung.pids"), "w", encoding="utf-8") as f:
        f.write("%d %d\n" % (os.getpid(), child.pid))
    time.sleep(60)


def item_json(vault, item):
    return {"id": item["id"], "title": item["title"], "version": item.get("version", 1),
            "vault": {"id": vault["id"], "name": vault["name"]}, "category": item.get("category", "LOGIN"),
            "last_edited_by": "SERVICEACCOUNT0000000000000", "created_at": item.get("created_at", STAMP_ISO),
            "updated_at": item.get("updated_at", STAMP_ISO), "sections": item.get("sections", []),
            "fields": [dict(f, reference="op://%s/%s/%s" % (vault["name"], item["title"], f.get("label", ""))) for f in item.get("fields", [])]}


def template_of(opts):
    if "--template" not in opts:
        fail("a template is required: pass --template <file> (assignment statements with values are not used by this fake)")
    path = opts[opts.index("--template") + 1]
    try:
        with open(path, encoding="utf-8") as f:
            template = json.load(f)
    except (OSError, ValueError):
        fail("could not read the item template: invalid JSON or unreadable file")
    if not template.get("category"):
        fail("the item template must specify a category")
    for f in template.get("fields", []):
        if f.get("type") not in ("CONCEALED", "STRING", "EMAIL", "URL", "DATE", "MONTH_YEAR", "PHONE", "OTP"):
            fail("invalid field type in template")
        if not f.get("id"):
            f["id"] = new_id()
    return template


def write_vault(data, opts):
    vault_name = opts[opts.index("--vault") + 1] if "--vault" in opts else None
    if vault_name is None:
        fail("a vault must be specified with --vault when the service account has access to more than one vault")
    try:
        vault = vault_of(data, vault_name)
    except OpError as e:
        fail(str(e))
    if vault is None:
        fail('"%s" isn\'t a vault in this account. Specify the vault with its ID or name.' % vault_name)
    return vault


def item_commands(data, args):
    verb = args[1]
    check_token(data, "")
    if verb == "create":
        opts = args[2:]
        vault = write_vault(data, opts)
        template = template_of(opts)
        title = template.get("title") or ("Untitled %s item" % template["category"].title())
        item = {"id": new_id(), "title": title, "category": template["category"], "version": 1,
                "sections": template.get("sections", []), "fields": template.get("fields", [])}
        vault["items"].append(item)
        save(data)
        sys.stdout.write(json.dumps(item_json(vault, item), indent=2) + "\n")
        return
    if len(args) < 3 or args[2].startswith("--"):
        fail("an item must be specified")
    wanted, opts = args[2], args[3:]
    vault = write_vault(data, opts)
    try:
        item = find(vault["items"], wanted, "title")
    except OpError as e:
        fail(str(e))
    if item is None:
        fail('"%s" isn\'t an item in the "%s" vault. Specify the item with its UUID, name, or domain.' % (wanted, vault["name"]))
    if verb == "edit":
        template = template_of(opts)
        item["title"] = template.get("title") or item["title"]
        item["category"] = template["category"]
        item["sections"] = template.get("sections", [])
        item["fields"] = template.get("fields", [])
        item["version"] = item.get("version", 1) + 1
        save(data)
        sys.stdout.write(json.dumps(item_json(vault, item), indent=2) + "\n")
        return
    if verb == "delete":
        vault["items"] = [i for i in vault["items"] if i is not item]
        save(data)
        return
    fail('unknown command "%s" for "op item"' % verb)


def main():
    lock = open(os.path.join(HERE, "data.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    data = load()
    args = sys.argv[1:]
    stdin = ""
    if args[:1] == ["inject"]:
        stdin = sys.stdin.read()
    log(len(stdin))
    if data.get("mode") == "hang":
        hang()
    command = " ".join(args[:2])
    if args[:1] == ["read"]:
        rest = args[1:]
        newline = True
        if "--no-newline" in rest or "-n" in rest:
            newline = False
            rest = [a for a in rest if a not in ("--no-newline", "-n")]
        if len(rest) != 1:
            fail('expected exactly one secret reference, got %d' % len(rest))
        ref = rest[0]
        check_token(data, "could not read secret '%s': " % ref)
        if data.get("mode") == "rate_limited":
            fail("(429) Too Many Requests: You've reached the maximum number of this type of requests this service account "
                 "is allowed to make. Please retry in 59 minutes or try other requests.")
        try:
            value = resolve(data, ref)
        except OpError as e:
            fail(str(e))
        sys.stdout.write(value + ("\n" if newline else ""))
        return
    if args[:1] == ["inject"]:
        check_token(data, "")
        if data.get("mode") == "rate_limited":
            fail("(429) Too Many Requests: You've reached the maximum number of this type of requests this service account "
                 "is allowed to make. Please retry in 59 minutes or try other requests.")
        out = []
        pos = 0
        for m in re.finditer(r"\{\{\s*(op://[^}]*?)\s*\}\}", stdin):
            out.append(stdin[pos:m.start()])
            try:
                out.append(resolve(data, m.group(1)))
            except OpError as e:
                fail(str(e))
            pos = m.end()
        out.append(stdin[pos:])
        sys.stdout.write("".join(out))
        return
    if args == ["whoami"]:
        check_token(data, "")
        sys.stdout.write("URL:               https://my.1password.com/\n"
                         "Integration ID:    RKEXAMPLEINTEGRATION00000\n"
                         "User Type:         SERVICE_ACCOUNT\n")
        return
    if command in ("item create", "item edit", "item delete"):
        item_commands(data, args)
        return
    if command == "vault list":
        check_token(data, "")
        denied = data.get("denied", [])
        listing = [{"id": v["id"], "name": v["name"], "content_version": 1 + len(v["items"]),
                    "created_at": STAMP_ISO, "updated_at": STAMP_ISO, "items": len(v["items"])}
                   for v in data["vaults"] if v["name"] not in denied and v["id"] not in denied]
        sys.stdout.write(json.dumps(listing, indent=2) + "\n")
        return
    if command == "item list":
        opts = args[2:]
        vault_name = opts[opts.index("--vault") + 1] if "--vault" in opts else None
        check_token(data, "")
        if vault_name is None:
            fail("a vault must be specified with --vault when the service account has access to more than one vault")
        try:
            vault = vault_of(data, vault_name)
        except OpError as e:
            fail(str(e))
        if vault is None:
            fail('"%s" isn\'t a vault in this account. Specify the vault with its ID or name.' % vault_name)
        listing = [dict({"id": i["id"], "title": i["title"], "version": i.get("version", 1),
                         "vault": {"id": vault["id"], "name": vault["name"]}, "category": i.get("category", "LOGIN"),
                         "last_edited_by": "SERVICEACCOUNT0000000000000", "created_at": i.get("created_at", STAMP_ISO),
                         "updated_at": i.get("updated_at", STAMP_ISO)},
                        **({"additional_information": i["additional_information"]} if "additional_information" in i else {}))
                   for i in vault["items"]]
        sys.stdout.write(json.dumps(listing, indent=2) + "\n")
        return
    fail('unknown command "%s" for "op"' % (args[0] if args else ""))


main()
