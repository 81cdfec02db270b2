package privfile

import (
	"bufio"
	"bytes"
	"os"
	"os/user"
	"strconv"
	"strings"
)

// The account databases privateGroup reads; variables for its test.
var (
	groupFile  = "/etc/group"
	passwdFile = "/etc/passwd"
)

// privateGroup is whether gid is the user's private group, which may
// write to the user's directories without anyone else being able to: on
// Debian and Ubuntu every user has one and umask 002 makes new
// directories 0775. It is the user's primary group, named as the user
// is, with no other member — listed in /etc/group or having it as their
// primary group in /etc/passwd — as Debian's ssh accepts it. A group it
// cannot be sure of is not private. A variable for tests, which cannot
// make groups.
var privateGroup = func(gid int) bool {
	u, err := user.Current()
	if err != nil || u.Gid != strconv.Itoa(gid) {
		return false
	}
	groups, err := os.ReadFile(groupFile)
	if err != nil {
		return false
	}
	passwd, err := os.ReadFile(passwdFile)
	if err != nil {
		return false
	}
	return soleMember(groups, passwd, u.Username, u.Uid, u.Gid)
}

// soleMember is whether, by the group and passwd files' text, the group
// gid is named name and has the user (name, uid) as its only member.
func soleMember(groups, passwd []byte, name, uid, gid string) bool {
	named := false
	for _, f := range records(groups) {
		if len(f) < 4 || f[2] != gid {
			continue
		}
		if f[0] != name {
			return false
		}
		for _, m := range strings.Split(f[3], ",") {
			if m = strings.TrimSpace(m); m != "" && m != name {
				return false
			}
		}
		named = true
	}
	if !named {
		return false
	}
	for _, f := range records(passwd) {
		if len(f) >= 4 && f[3] == gid && f[2] != uid {
			return false
		}
	}
	return true
}

// records are the colon-separated fields of each line of an account
// database, comments and blank lines left out.
func records(b []byte) [][]string {
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, ":"))
	}
	return out
}
