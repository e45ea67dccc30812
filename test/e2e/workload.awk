# A random SQL workload for test/e2e/workload.sh, deterministic for a seed:
#   gawk -v seed=N -v n=STATEMENTS -v keychange=0|1 -f workload.awk
# Tables (test/e2e/workload.sh creates them): t_single (primary key id),
# t_comp (primary key a, b), t_nokey (no key; id kept unique here). The
# generator tracks which keys exist, so every statement succeeds: multi-row
# inserts of new keys, updates of one row or a range, primary-key changes
# (when keychange is 1), deletes of one row or a range, and transactions of
# a few statements. Text holds unicode, quotes, backslashes, newlines and
# NULLs; binary columns bytes outside 0x80-0x9f (where MariaDB's latin1,
# used by the comparison, is not ISO-8859-1).
BEGIN {
	srand(seed)
	npiece = split("a|b|hello|Zürich|緑茶|🍵|Ω|'|\"|\\|\n|\t| |x y|日本語|ß|é|0|42|{}|[1]|%", piece, "|")
	nb = split("a|b|緑|z z|ü", bpart, "|")
	R = 300			# keys of new rows come from 1..R, key changes from above
	fresh = 100000
	intx = 0
	split("", s_has); split("", c_has); split("", n_has)
	for (i = 0; i < n; i++) {
		if (!intx && rand() < 0.2) {
			print "BEGIN;"; intx = 2 + int(rand() * 4)
		}
		t = int(rand() * 3)
		r = rand()
		if (t == 0) single(r); else if (t == 1) comp(r); else nokey(r)
		if (intx && --intx == 0) print "COMMIT;"
	}
	if (intx) print "COMMIT;"
}

function q(s) {		# s as an SQL string literal
	gsub(/\\/, "\\\\", s); gsub(/'/, "''", s); gsub(/\n/, "\\n", s); gsub(/\t/, "\\t", s)
	return "'" s "'"
}
function text(max,   s, k, j) {
	if (rand() < 0.1) return "NULL"
	k = int(rand() * max)
	s = ""
	for (j = 0; j < k; j++) s = s piece[1 + int(rand() * npiece)]
	return q(s)
}
function bin(   s, k, j, b) {
	if (rand() < 0.15) return "NULL"
	k = int(rand() * 8)
	s = ""
	for (j = 0; j < k; j++) {
		do b = int(rand() * 256); while (b >= 128 && b < 160)
		s = s sprintf("%02x", b)
	}
	return "x'" s "'"
}
function num() { return rand() < 0.1 ? "NULL" : int(rand() * 2000000) - 1000000 }
function dec() { return rand() < 0.1 ? "NULL" : sprintf("%d.%02d", int(rand() * 100000) - 50000, int(rand() * 100)) }
function ts() {
	if (rand() < 0.1) return "NULL"
	return sprintf("'20%02d-%02d-%02d %02d:%02d:%02d.%03d'", int(rand() * 30), 1 + int(rand() * 12),
	    1 + int(rand() * 28), int(rand() * 24), int(rand() * 60), int(rand() * 60), int(rand() * 1000))
}
function pick(tab, lim,   k, tries) {	# a key of tab present (or absent) in 1..lim
	for (tries = 0; tries < 50; tries++) {
		k = 1 + int(rand() * lim)
		if (tab == "absent") { if (!(k in s_has)) return k }
		else if (k in s_has) return k
	}
	return ""
}

# t_single(id int primary key, name varchar(40), n int, price decimal(10,2),
#          bin varbinary(8), note text, ts datetime(3))
function srow(id) { return "(" id "," text(6) "," num() "," dec() "," bin() "," text(12) "," ts() ")" }
function single(r,   k, m, j, vals, lo, sep) {
	if (r < 0.4 || length(s_has) < 5) {
		m = 1 + int(rand() * 4); vals = ""; sep = ""
		for (j = 0; j < m; j++) {
			k = pick("absent", R); if (k == "") continue
			s_has[k] = 1; vals = vals sep srow(k); sep = ","
		}
		if (vals != "") print "INSERT INTO t_single VALUES " vals ";"
	} else if (r < 0.65) {
		k = pick("present", R); if (k == "") return
		print "UPDATE t_single SET name=" text(6) ", note=" text(12) ", bin=" bin() " WHERE id=" k ";"
	} else if (r < 0.75) {
		lo = 1 + int(rand() * R)
		print "UPDATE t_single SET n=n+1, price=" dec() ", ts=" ts() " WHERE id BETWEEN " lo " AND " lo + 10 ";"
	} else if (r < 0.85 && keychange) {
		k = pick("present", R); if (k == "") return
		delete s_has[k]; s_has[++fresh] = 1
		print "UPDATE t_single SET id=" fresh " WHERE id=" k ";"
	} else if (r < 0.93) {
		k = pick("present", R); if (k == "") return
		delete s_has[k]
		print "DELETE FROM t_single WHERE id=" k ";"
	} else {
		lo = 1 + int(rand() * R)
		for (k = lo; k <= lo + 3; k++) delete s_has[k]
		print "DELETE FROM t_single WHERE id BETWEEN " lo " AND " lo + 3 ";"
	}
}

# t_comp(a int, b varchar(8), v varchar(40), w int, primary key (a, b))
function ckey(   a) { return (1 + int(rand() * 40)) SUBSEP bpart[1 + int(rand() * nb)] }
function comp(r,   k, m, j, vals, sep, p, a, tries, nk) {
	if (r < 0.4 || length(c_has) < 5) {
		m = 1 + int(rand() * 4); vals = ""; sep = ""
		for (j = 0; j < m; j++) {
			for (tries = 0; tries < 20; tries++) { k = ckey(); if (!(k in c_has)) break }
			if (k in c_has) continue
			c_has[k] = 1; split(k, p, SUBSEP)
			vals = vals sep "(" p[1] "," q(p[2]) "," text(6) "," num() ")"; sep = ","
		}
		if (vals != "") print "INSERT INTO t_comp VALUES " vals ";"
	} else if (r < 0.7) {
		a = 1 + int(rand() * 40)
		print "UPDATE t_comp SET w=" num() ", v=" text(6) " WHERE a=" a ";"
	} else if (r < 0.8 && keychange) {
		k = cpresent(); if (k == "") return
		for (tries = 0; tries < 20; tries++) { nk = (100 + int(rand() * 100)) SUBSEP bpart[1 + int(rand() * nb)]; if (!(nk in c_has)) break }
		if (nk in c_has) return
		delete c_has[k]; c_has[nk] = 1
		split(k, p, SUBSEP); split(nk, np, SUBSEP)
		print "UPDATE t_comp SET a=" np[1] ", b=" q(np[2]) " WHERE a=" p[1] " AND b=" q(p[2]) ";"
	} else {
		k = cpresent(); if (k == "") return
		delete c_has[k]; split(k, p, SUBSEP)
		print "DELETE FROM t_comp WHERE a=" p[1] " AND b=" q(p[2]) ";"
	}
}
function cpresent(   k, i, want) {
	want = int(rand() * length(c_has)); i = 0
	for (k in c_has) if (i++ == want) return k
	return ""
}

# t_nokey(id varchar(8), v varchar(40), n int): no key in the table; ids
# stay unique because only this generator writes them.
function nokey(r,   k, m, j, vals, sep) {
	if (r < 0.4 || length(n_has) < 5) {
		m = 1 + int(rand() * 3); vals = ""; sep = ""
		for (j = 0; j < m; j++) {
			k = "n" (1 + int(rand() * R)); if (k in n_has) continue
			n_has[k] = 1; vals = vals sep "(" q(k) "," text(6) "," num() ")"; sep = ","
		}
		if (vals != "") print "INSERT INTO t_nokey VALUES " vals ";"
	} else if (r < 0.7) {
		k = npresent(); if (k == "") return
		print "UPDATE t_nokey SET v=" text(6) ", n=" num() " WHERE id=" q(k) ";"
	} else if (r < 0.8 && keychange) {
		k = npresent(); if (k == "") return
		delete n_has[k]; n_has["m" ++fresh] = 1
		print "UPDATE t_nokey SET id='m" fresh "' WHERE id=" q(k) ";"
	} else {
		k = npresent(); if (k == "") return
		delete n_has[k]
		print "DELETE FROM t_nokey WHERE id=" q(k) ";"
	}
}
function npresent(   k, i, want) {
	want = int(rand() * length(n_has)); i = 0
	for (k in n_has) if (i++ == want) return k
	return ""
}
