#!/bin/sh
# Everyday tools and ways of calling sentry-run, compared with the same
# thing done on the bare host: what the user sees (output, exit status,
# the files left behind) must not change.  Where the sandbox differs on
# purpose (a hidden path, no capability, the user namespace's unmapped
# owners) the test does not look.
. "$top_srcdir/tests/lib.sh"

# One file of the current directory made writable, the rest of it left
# read-only (the default), as for a tool that updates its config file:
# the file exists on the host, so nothing need be made for its mount.
test_rw_file_in_read_only_cwd() {
	d=$(fresh_dir)
	as_user /bin/sh -c 'echo one >"$0"' "$d/conf"
	out=$(cd "$d" && sandbox -q --rw conf -- /bin/sh -c 'echo two >>conf && cat conf' 2>&1)
	is "$?" 0 "--rw FILE in the read-only current directory starts the sandbox"
	is "$out" "one
two" "the file is writable inside"
	is "$(cat "$d/conf")" "one
two" "and the write is on the host"
	out=$(cd "$d" && sandbox -q --ro conf -- /bin/cat conf 2>&1)
	is "$out" "one
two" "--ro FILE in the current directory too"
	rm -rf "$d"
}

# A FIFO bound on its own (--ro, over a writable directory): its mount
# point exists, and sentry-run must not open it to make one, which
# waits for a reader that never comes.  The KILL stops a sentry-run that
# waits (it holds SIGTERM during set-up); opening the FIFO for reading
# and writing afterwards releases whatever of it still waits there.
test_bind_of_fifo_does_not_hang() {
	d=$(fresh_dir)
	as_user mkfifo "$d/fifo"
	out=$(as_user timeout -s KILL 10 "$SENTRY_RUN" -q --rw "$d" --ro "$d/fifo" -- /bin/sh -c \
		"test -p '$d/fifo' && echo a fifo" 2>&1)
	rc=$?
	: 3<>"$d/fifo"
	is "$rc" 0 "--ro FIFO starts the sandbox (124 or 137: set-up waited on the FIFO)"
	is "$out" "a fifo" "and the FIFO is there"
	rm -rf "$d"
}

# A PROGRAM that names nothing (`sentry-run -- "$EDITOR"` with EDITOR
# unset): env(1) says so and exits 127.  execvp("") fails without a
# system call, so PROGRAM is gone at once, maybe before the Sentry and
# the Gofer joined its namespaces; that is no failure of theirs.  A few
# runs, since the race is lost only now and then.
test_empty_program_name() {
	native=$(as_user env "" 2>&1)
	is "$?" 127 "natively, env with an empty program name exits 127"
	contains "$native" "No such file or directory" "and says why"
	bad=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		out=$(sandbox -q -- "" 2>&1)
		rc=$?
		if [ "$rc" -ne 127 ] || [ "$out" != "sentry-run: : No such file or directory" ]; then
			bad="run $i: exit $rc: $out"
			break
		fi
	done
	is "$bad" "" "sentry-run -- '' exits 127 saying only that there is no such file"
}

# Started from /proc or /dev (`cd /proc && sentry-run -- ps`), the
# sandbox keeps the /proc and /dev sentry-run builds for it, as --ro
# /proc would be refused: a bind of the caller's directory there showed
# every process of the host, and a host /dev whose nodes nodev makes
# unusable, /dev/null among them.
test_cwd_in_proc_or_dev() {
	expected=$(cd / && sandbox -q -- ps -e -o pid=,comm= 2>&1)
	out=$(cd /proc && sandbox -q -- ps -e -o pid=,comm= 2>&1)
	is "$out" "$expected" "from /proc, ps shows the sandbox's processes only, as from /"
	out=$(cd /dev && sandbox -q -- /bin/sh -c 'pwd; echo x >/dev/null && echo null is writable' 2>&1)
	is "$out" "/dev
null is writable" "from /dev, PROGRAM starts in the sandbox's own /dev, where /dev/null works"
}

# A virtualenv made by a python the sandbox does not show (pyenv's,
# under the hidden home): its bin/python is there, a link whose chain
# leads to that python.  execve says ENOENT, as natively of a link to
# nothing, but the message names where the link leads, not the link the
# user can see is there; and for a script of the venv (bin/pip), where
# its interpreter leads.
test_venv_link_to_hidden_python_named() {
	d=$(fresh_dir)
	elsewhere=$(fresh_dir)
	cp /bin/echo "$elsewhere/python3.11"
	mkdir -p "$d/venv/bin"
	ln -s "$elsewhere/python3.11" "$d/venv/bin/python3"
	ln -s python3 "$d/venv/bin/python"
	printf '#!%s/venv/bin/python\n' "$d" > "$d/venv/bin/pip"
	chmod -R a+rX "$d/venv"
	chmod 755 "$d/venv/bin/pip"
	is "$(as_user "$d/venv/bin/python" hi)" hi "natively, the venv's python runs"
	err=$(cd / && sandbox --ro "$d" -- "$d/venv/bin/python" hi 2>&1)
	is "$?" 127 "in the sandbox, without the python it leads to, it is not found (127)"
	is "$err" "sentry-run: $d/venv/bin/python: it leads to $elsewhere/python3.11: No such file or directory" \
		"naming where the link leads"
	err=$(cd / && sandbox --ro "$d" -- "$d/venv/bin/pip" 2>&1)
	is "$err" "sentry-run: $d/venv/bin/pip: its interpreter $d/venv/bin/python leads to $elsewhere/python3.11: No such file or directory" \
		"and, for a script of the venv, where its interpreter leads"
	rm -rf "$d" "$elsewhere"
}

# Run from /tmp itself, where the default profile puts a private tmpfs:
# PROGRAM finds that tmpfs, empty and writable, not the host's /tmp
# read-only (sentry-run.ini(5), cwd-access); --ro . shows the host's.
test_cwd_at_a_tmpfs_of_the_profile() {
	out=$(cd /tmp && sandbox -q -- /bin/sh -c 'pwd; ls -A | wc -l; echo x > made && echo writable' 2>&1)
	is "$out" "/tmp
0
writable" "run from /tmp, PROGRAM is in the profile's private, empty /tmp"
	out=$(cd /tmp && sandbox -q --ro . -- /bin/sh -c "test -d '$WORK' && echo shown" 2>&1)
	is "$out" shown "--ro . shows the host's /tmp there instead"
}

# A binary whose dynamic loader (ELF PT_INTERP) the sandbox does not
# show (one built by Nix, whose loader is under /nix/store): execve says
# ENOENT of a file that is there; the message names the loader.
test_missing_dynamic_loader_named() {
	d=$(fresh_dir)
	elsewhere=$(fresh_dir)
	loader=$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null)
	if [ ! -f "$loader" ] || ! command -v gcc >/dev/null; then
		ok 0 "a binary whose loader is hidden # SKIP needs gcc and /lib64/ld-linux-x86-64.so.2"
		return
	fi
	cp "$loader" "$elsewhere/ld.so"
	printf 'int main(void) { return 7; }\n' > "$d/prog.c"
	gcc -o "$d/prog" -Wl,--dynamic-linker="$elsewhere/ld.so" "$d/prog.c" || { ok 1 "gcc builds the test binary"; return; }
	chmod -R a+rX "$d" "$elsewhere"
	as_user "$d/prog"
	is "$?" 7 "natively, the binary runs with its loader"
	err=$(cd / && sandbox --ro "$d" -- "$d/prog" 2>&1)
	is "$?" 127 "in the sandbox, without its loader, it is not found (127)"
	is "$err" "sentry-run: $d/prog: its dynamic loader $elsewhere/ld.so: No such file or directory" \
		"naming the loader"
	rm -rf "$d" "$elsewhere"
}

# Run from a directory removed meanwhile (a build tree another terminal
# deleted), a relative path of --rw names nothing: `ls tmp` says so
# natively.  sentry-run took the current directory for / and bound the
# host's /tmp read-write in place of the private one.
test_relative_bind_from_a_removed_cwd() {
	d=$(fresh_dir)
	mkdir "$d/gone"
	chmod 777 "$d/gone"
	out=$(cd "$d/gone" && rmdir "$d/gone" && as_user ls tmp 2>&1)
	ok $(( $? == 0 )) "natively, from a removed directory, a relative path names nothing"
	mkdir "$d/gone"
	chmod 777 "$d/gone"
	out=$(cd "$d/gone" && rmdir "$d/gone" && sandbox -q --rw tmp -- /bin/sh -c "test -d '$WORK' && echo the host\'s /tmp" 2>&1)
	is "$?" 125 "from a removed directory, --rw tmp stops sentry-run (125)"
	# contains: under make check-oldkernel and the sanitizers, sentry-run
	# is a wrapper script, whose shell complains of the removed directory
	# first.
	contains "$out" "sentry-run: --rw: 'tmp': a relative path, but the current directory cannot be named (removed, or longer than PATH_MAX): give an absolute path" \
		"saying why, instead of binding the host's /tmp"
	lacks "$out" "the host's /tmp" "and PROGRAM never ran"
	rm -rf "$d"
}

# chown_probe.py: chown, lchown, fchown and fchownat(AT_EMPTY_PATH) of
# one's own file to an owner and a group one is not, and back to one's
# own: the errno of each, by name.
cat > "$WORK/bin/chown_probe.py" <<'PY'
import ctypes, errno, os
libc = ctypes.CDLL(None, use_errno=True)
AT_EMPTY_PATH = 0x1000
other = 12345
open("f", "w").close()
os.symlink("f", "l")
fd = os.open("f", os.O_RDONLY)
path = os.open("f", os.O_PATH)
def fchownat_empty(fd, uid, gid):
    if libc.fchownat(fd, b"", uid, gid, AT_EMPTY_PATH) < 0:
        raise OSError(ctypes.get_errno(), "fchownat")
calls = [
    ("chown uid", lambda: os.chown("f", other, -1)),
    ("chown gid", lambda: os.chown("f", -1, other)),
    ("lchown", lambda: os.lchown("l", other, other)),
    ("fchownat dirfd", lambda: os.chown("f", other, -1, dir_fd=os.open(".", os.O_RDONLY))),
    ("fchown uid", lambda: os.fchown(fd, other, -1)),
    ("fchown gid", lambda: os.fchown(fd, -1, other)),
    ("fchown O_PATH", lambda: os.fchown(path, other, -1)),
    ("fchown bad fd", lambda: os.fchown(999, other, -1)),
    ("fchownat empty", lambda: fchownat_empty(path, other, -1)),
    ("chown own", lambda: os.chown("f", os.getuid(), os.getgid())),
    ("fchown own", lambda: os.fchown(fd, os.getuid(), -1)),
]
for name, call in calls:
    try:
        call()
        print(name, "done")
    except OSError as e:
        print(name, errno.errorcode[e.errno])
PY
chmod 644 "$WORK/bin/chown_probe.py"

# Giving one's file to another owner or group (fakeroot's chown
# root:root in a package build, install -o, Python's shutil.chown)
# without CAP_CHOWN is EPERM natively, which fakeroot and cp -a take in
# their stride.  In the sandbox the id is one its user namespace does
# not map, where the kernel says EINVAL, and fakeroot's chown failed.
# Root in the sandbox holds no capability: natively, root's are dropped.
test_chown_to_another_owner() {
	d=$(fresh_dir)
	mkdir "$d/native" "$d/boxed"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/native" "$d/boxed"
	nocaps=
	[ "$mode" = root ] && nocaps="setpriv --bounding-set=-all --inh-caps=-all --"
	native=$(cd "$d/native" && as_user $nocaps /usr/bin/python3 "$WORK/bin/chown_probe.py" 2>&1)
	contains "$native" "chown uid EPERM" "natively, chown to another owner without CAP_CHOWN is EPERM"
	out=$(cd "$d/boxed" && sandbox -q --rw . --ro "$WORK/bin" -- /usr/bin/python3 "$WORK/bin/chown_probe.py" 2>&1)
	is "$out" "$native" "in the sandbox, every chown call answers as natively"
	if command -v fakeroot >/dev/null 2>&1; then
		script='touch g && chown 0:0 g && stat -c %u:%g g'
		native=$(cd "$d/native" && as_user fakeroot sh -c "$script" 2>&1)
		is "$native" 0:0 "natively, fakeroot's chown root:root succeeds"
		out=$(cd "$d/boxed" && sandbox -q --rw . -- fakeroot sh -c "$script" 2>&1)
		is "$out" "$native" "and in the sandbox"
	else
		ok 0 "fakeroot's chown root:root # SKIP fakeroot is not installed"
	fi
	rm -rf "$d"
}

# A file with a second name in a writable place (a tree copied with
# cp -al, a package store of hard links): what the program writes or
# changes through that name is seen through the read-only one at once,
# as natively.  The Sentry gave again its kept answer about the
# read-only name (sentry/answers.h), the size and mode from before.
# Shown at /ro and /rw, where nothing above them is writable (/tmp is).
test_hard_link_into_read_only_bind() {
	d=$(fresh_dir)
	mkdir "$d/ro" "$d/rw"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/ro" "$d/rw"
	as_user /bin/sh -c 'echo one >"$0" && chmod 644 "$0" && ln "$0" "$1"' "$d/ro/f" "$d/rw/f"
	script="stat -c '%s %a' \"\$0/ro/f\"; echo more >>\"\$0/rw/f\"; chmod 600 \"\$0/rw/f\"; stat -c '%s %a' \"\$0/ro/f\""
	native=$(as_user /bin/sh -c "$script" "$d" 2>&1)
	is "$native" "4 644
9 600" "natively, a write and a chmod through one name show through the other"
	as_user /bin/sh -c 'echo one >"$0" && chmod 644 "$0"' "$d/ro/f"
	p=$(fresh_dir)/links.ini
	printf 'include=default\n[filesystem]\ncwd-access=none\nro=%s/ro:/ro\nrw=%s/rw:/rw\n' "$d" "$d" >"$p"
	chmod 644 "$p"
	out=$(cd / && sandbox -q -p "$p" -- /bin/sh -c "$script" "" 2>&1)
	is "$out" "$native" "in the sandbox, through a read-only bind too"
	rm -rf "$d" "${p%/*}"
}

# The same host directory shown twice, read-only at /ro and read-write
# at /rw (a profile's ro=SRC:DEST and rw=SRC:DEST): what the program
# makes or writes through /rw is there through /ro at once, as through
# two binds of one directory natively.  The Sentry gave again its kept
# answers about /ro (sentry/answers.h): the new file absent, the old size.
test_directory_shown_twice() {
	d=$(fresh_dir)
	mkdir "$d/data"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$d/data"
	as_user /bin/sh -c 'echo one >"$0"' "$d/data/f"
	p=$(fresh_dir)/twice.ini
	printf 'include=default\n[filesystem]\ncwd-access=none\nro=%s/data:/ro\nrw=%s/data:/rw\n' "$d" "$d" >"$p"
	chmod 644 "$p"
	out=$(cd / && sandbox -q -p "$p" -- /bin/sh -c '
		test -e /ro/new || echo absent; stat -c %s /ro/f
		touch /rw/new; echo more >>/rw/f
		test -e /ro/new && echo present; stat -c %s /ro/f' 2>&1)
	is "$out" "absent
4
present
9" "a file made and a file written through /rw show through /ro at once"
	rm -rf "$d" "${p%/*}"
}

# Started in a directory reached through a link (cd ~/src, a link to
# /data/src; a release's "current"), the caller's PWD names the link,
# and shells and programs take it for the directory's name: natively
# `pwd` says the link, `cd ..` goes up from it, and a program opens
# "$PWD/file".  The sandbox showed the directory where the link leads
# alone: PWD named nothing, pwd said the other name, cd .. went elsewhere.
test_cwd_reached_through_a_link() {
	d=$(fresh_dir)
	mkdir -p "$d/real/inner"
	echo here >"$d/real/inner/file"
	ln -s real/inner "$d/link"
	[ "$mode" = user ] && chown -R "$SR_TEST_USER:" "$d"
	script='pwd; pwd -P; cat "$PWD/file"; cd .. && pwd && ls && readlink link'
	native=$(cd "$d/link" && as_user /bin/sh -c "$script" 2>&1)
	is "$native" "$d/link
$d/real/inner
here
$d
link
real
real/inner" "natively, pwd names the link, and cd .. goes up from it"
	out=$(cd "$d/link" && sandbox -q -- /bin/sh -c "$script" 2>&1)
	is "$out" "$native" "in the sandbox too"
	out=$(cd "$d/link" && sandbox -q -- /usr/bin/python3 -c \
		'import os; print(open(os.environ["PWD"] + "/file").read(), end="")' 2>&1)
	is "$out" here "a program opens a file by \$PWD"
	rm -rf "$d"
}

# A --rw or --ro path that is itself a link is mounted where it leads,
# and its name made a link to there: readlink said the absolute path
# where natively it says the link's own text (x/lnk -> g).  The text is
# kept where it leads to that place through the same directories
# (../x/h too); where it passes another link of the host's (../w/k, w
# -> x), which the view does not show, the absolute path it leads to.
test_bind_named_through_a_relative_link() {
	d=$(fresh_dir)
	mkdir -p "$d/x/g" "$d/x/h" "$d/x/k" "$d/y"
	echo here >"$d/x/g/file"
	echo there >"$d/x/h/file"
	echo yon >"$d/x/k/file"
	ln -s g "$d/x/lnk"
	ln -s ../x/h "$d/y/lnk"
	ln -s x "$d/w"
	ln -s ../w/k "$d/y/far"
	[ "$mode" = user ] && chown -R -h "$SR_TEST_USER:" "$d"
	script="cd '$d' && readlink x/lnk y/lnk && cat x/lnk/file y/lnk/file y/far/file && readlink y/far"
	native=$(as_user /bin/sh -c "$script" 2>&1)
	is "$native" "g
../x/h
here
there
yon
../w/k" "natively, readlink says each link's own text"
	out=$(cd / && sandbox -q --rw "$d/x/lnk" --ro "$d/y/lnk" --ro "$d/y/far" -- /bin/sh -c "$script" 2>&1)
	is "$out" "g
../x/h
here
there
yon
$d/x/k" "in the sandbox too, but for a text through a link the view does not show"
	rm -rf "$d"
}

# TMPDIR naming a directory of the host's /tmp (Debian's pam_tmpdir
# sets /tmp/user/UID, nix-shell /tmp/nix-shell.XXXXXX): in the
# sandbox's private /tmp it was absent, and whatever honours TMPDIR
# failed ("mktemp: failed to create file via template
# '/tmp/user/1000/tmp.XXXXXXXXXX': No such file or directory", sort -T).
# The sandbox makes it, empty and private like the rest of its /tmp.
test_tmpdir_in_the_private_tmp() {
	t="$WORK/tmpdir.$mode/user"
	mkdir -p "$t"
	chmod 700 "$t"
	[ "$mode" = user ] && chown "$SR_TEST_USER:" "$t"
	script='mktemp >/dev/null && echo made; sort -S 1 -T "$TMPDIR" /etc/passwd >/dev/null && echo sorted; stat -c %a "$TMPDIR"'
	native=$(TMPDIR=$t as_user /bin/sh -c "$script" 2>&1)
	is "$native" "made
sorted
700" "natively, mktemp and sort -T write in TMPDIR"
	out=$(cd / && TMPDIR=$t sandbox -q -- /bin/sh -c "$script; ls -A \"\$TMPDIR\" | wc -l" 2>&1)
	is "$out" "$native
1" "in the sandbox, TMPDIR in its private /tmp is there, and private"
	out=$(cd / && sandbox -q --env TMPDIR="$t" -- /bin/sh -c "$script" 2>&1)
	is "$out" "$native" "also when --env sets it"
	out=$(cd / && TMPDIR=$t sandbox -q --clearenv -- /bin/sh -c 'test -e "$0" || echo absent' "$t" 2>&1)
	is "$out" absent "but not when PROGRAM does not get it (--clearenv)"
	rm -rf "$WORK/tmpdir.$mode"
}

# cgroup_limits.py: the memory and CPU limits of one's own cgroup, found
# as the JVM, libuv and Go's runtime find them: the cgroup2 mount, or
# the v1 mount of each controller, in /proc/self/mountinfo, and the path
# /proc/self/cgroup names there; then whether the limit can be raised.
cat > "$WORK/bin/cgroup_limits.py" <<'PY'
import os
own = {}
for line in open("/proc/self/cgroup"):
    _, controllers, path = line.rstrip("\n").split(":", 2)
    for c in controllers.split(",") if controllers else [""]:
        own[c] = path
files = {}
for line in open("/proc/self/mountinfo"):
    fields, rest = line.split(" - ")
    fields, (fstype, _, options) = fields.split(), rest.split()
    root, point = fields[3], fields[4]
    if fstype == "cgroup2" and own.get("", "").startswith(root):
        d = point + own[""][len(root):].rstrip("/")
        files.setdefault("memory", d + "/memory.max")
        files.setdefault("cpu", d + "/cpu.max")
    for c, name in (("memory", "memory.limit_in_bytes"), ("cpu", "cpu.cfs_quota_us")):
        if fstype == "cgroup" and c in options.split(",") and own.get(c, "").startswith(root):
            files[c] = point + own[c][len(root):].rstrip("/") + "/" + name
for c in ("memory", "cpu"):
    try:
        print(c, open(files[c]).read().split()[0])
    except (KeyError, OSError):
        print(c, "unknown")
try:
    with open(files["memory"], "w") as f:
        f.write("max" if files["memory"].endswith(".max") else "-1")
    print("limit raised")
except KeyError:
    print("limit kept: none found")
except OSError as e:
    print("limit kept:", os.strerror(e.errno))
PY
chmod 644 "$WORK/bin/cgroup_limits.py"

# A program that sizes itself by its limits (the JVM's heap and CPU
# count, Node's heap, Go's GOMAXPROCS) reads them under /sys/fs/cgroup,
# where a container runtime shows the container's own cgroup, read-only.
# The sandbox showed no /sys: under --memory=256M the JVM took a quarter
# of the host's memory for its heap, and a program that makes 3G of
# garbage was killed (137), where in a container it is collected.
test_memory_and_cpu_limits_visible() {
	if ! cgroups_writable; then
		ok 0 "the limits under /sys/fs/cgroup # SKIP no cgroup for this user: rlimits stand in"
		return
	fi
	out=$(sandbox -q --ro "$WORK/bin" --memory=256M --cpu=50% -- /usr/bin/python3 "$WORK/bin/cgroup_limits.py" 2>&1)
	is "$out" "memory 268435456
cpu 50000
limit kept: Read-only file system" "--memory and --cpu are read where a container shows them, read-only"
	out=$(sandbox -q -- /bin/sh -c 'test -e /sys || echo no /sys' 2>&1)
	is "$out" "no /sys" "without limits, /sys stays absent"
	if command -v node >/dev/null 2>&1; then
		out=$(cd / && sandbox -q --memory=256M -- node -e \
			'console.log(process.constrainedMemory(), require("v8").getHeapStatistics().heap_size_limit <= 2 ** 28 * 1.5)' 2>&1)
		is "$out" "268435456 true" "node's constrained memory is the limit, and its heap is sized by it"
	else
		ok 0 "node sizes its heap by the limit # SKIP node is not installed"
	fi
	if ! command -v java >/dev/null 2>&1; then
		ok 0 "the JVM sizes itself by the limits # SKIP java is not installed"
		return
	fi
	cat > "$WORK/bin/Sizes.java" <<'EOF'
public class Sizes {
  public static void main(String[] a) {
    Runtime r = Runtime.getRuntime();
    System.out.println(r.availableProcessors() + " " + (r.maxMemory() <= (256L << 20)));
    long s = 0;
    for (int i = 0; i < 3000; i++) { byte[] b = new byte[1 << 20]; b[i] = 1; s += b.length; }
    System.out.println("made " + (s >> 20) + "M of garbage");
  }
}
EOF
	chmod 644 "$WORK/bin/Sizes.java"
	out=$(cd / && sandbox -q --ro "$WORK/bin" --memory=256M --cpu=50% -- java "$WORK/bin/Sizes.java" 2>&1)
	is "$?" 0 "under --memory=256M, java collects 3G of garbage"
	is "$out" "1 true
made 3000M of garbage" "with one CPU and a heap within the limit, as in a container"
}

run_suite test_rw_file_in_read_only_cwd test_bind_of_fifo_does_not_hang test_empty_program_name \
	test_cwd_in_proc_or_dev test_venv_link_to_hidden_python_named \
	test_cwd_at_a_tmpfs_of_the_profile test_missing_dynamic_loader_named \
	test_relative_bind_from_a_removed_cwd test_chown_to_another_owner \
	test_hard_link_into_read_only_bind test_directory_shown_twice \
	test_cwd_reached_through_a_link test_bind_named_through_a_relative_link test_tmpdir_in_the_private_tmp \
	test_memory_and_cpu_limits_visible
