# Sourced by capture.sh, test/canal2ops/roundtrip.sh and
# test/mysql2canal/values.sh: the all-types tables' rows as MariaDB shows
# them and as Redis holds them, in one form that compares line by line.

STACK_TABLES="alltypes keyed numlabels labels more"

# What Canal 1.1.4's text lost (mysql2canal(1), VALUES): a negative TIME(1)
# to TIME(4) above -1 s has no sign; latin1 text is U+FFFD.
STACK_LOST="alltypes:21 tm3
alltypes:3 tm1
alltypes:3 tm3
labels:1 l1
labels:2 l1
more:1 tm2"

# stack_want: each row of STACK_TABLES as MariaDB shows it (time zone UTC),
# "KEY<TAB>ROW": the key canal2ops -k '{table}:{pk}' makes, and the row, as
# compact JSON (the row's members sorted), every value as text (a JSON
# column too), binary bytes as ISO-8859-1 code points, FLOAT and DOUBLE left
# out. (MariaDB's latin1 is cp1252: binary bytes travel as hex.) Needs sql().
stack_want() {
	local t cols json key
	for t in $STACK_TABLES; do
		cols=$(sql -N -B -D e2e -e "select concat(column_name, ' ', data_type, ' ', column_key = 'PRI')
		    from information_schema.columns where table_schema = 'e2e' and table_name = '$t'
		    order by ordinal_position")
		json=$(echo "$cols" | awk '
		$2 ~ /^(float|double)$/ { next }
		{
			c = "`" $1 "`"
			if ($2 ~ /binary|blob/) e = "concat('\''hex:'\'', hex(" c "))"
			else if ($2 == "bit") e = "cast(" c " + 0 as char)"
			else e = "cast(" c " as char)"	# JSON (LONGTEXT) too
			printf "%s'\''%s'\'', %s", n++ ? ", " : "", $1, e
		}')
		key=$(echo "$cols" | awk '$3 == 1 {
			c = "`" $1 "`"
			e = ($2 ~ /binary/) ? "concat('\''hex:'\'', hex(" c "))" : "cast(" c " as char)"
			printf ", %s", e
		}')
		sql -N -B -r -D e2e -e "set time_zone = '+00:00';
		    select json_array('$t'$key), json_object($json) from $t"
	done | while IFS="$(printf '\t')" read -r k v; do
		printf '%s\t%s\n' "$(printf '%s' "$k" | jq -c "$STACK_UNHEX"' map(unhex) | join(":")')" \
		    "$(printf '%s' "$v" | jq -cS "$STACK_UNHEX"' map_values(unhex)')"
	done | sort
}
STACK_UNHEX='def unhex: if type == "string" and startswith("hex:") then .[4:] |
	ascii_downcase | explode | map(if . >= 97 then . - 87 else . - 48 end) |
	[range(0; length; 2) as $i | .[$i] * 16 + .[$i + 1]] | implode else . end;'

# stack_dump DB: each key of Redis database DB, "KEY<TAB>PRINTABLE<TAB>VALUE":
# the key as a JSON string, the key with '?' for bytes that are not
# printable ASCII, the value as JSON with sorted members (a hash: its
# fields as an object). Needs rcli().
stack_dump() {
	rcli -n "$1" --raw EVAL "local r = {}
		for _, k in ipairs(redis.call('KEYS', '*')) do
			local p = string.gsub(k, '[^%w%p ]', '?')
			local v
			if redis.call('TYPE', k).ok == 'hash' then
				local f = redis.call('HGETALL', k)
				local o = {}
				for i = 1, #f, 2 do o[f[i]] = f[i + 1] end
				v = cjson.encode(o)
			else
				v = redis.call('GET', k)
			end
			r[#r + 1] = cjson.encode(k) .. '\t' .. p .. '\t' .. v
		end
		return r" 0 | while IFS="$(printf '\t')" read -r k p v; do
		printf '%s\t%s\t%s\n' "$(printf '%s' "$k" | jq -c .)" "$p" "$(printf '%s' "$v" | jq -cS .)"
	done | sort
}

# stack_nofloat DUMP: its lines without the FLOAT and DOUBLE columns
stack_nofloat() {
	jq -R -r 'split("\t") | "\(.[0])\t\(.[1])\t\(.[2] | fromjson | del(.f, .f73, .dbl) | tojson)"' "$1"
}

# stack_differ DUMP OTHER: "KEY COLUMN" of each value that differs between
# the rows of a dump and those of another dump or of stack_want, by key
stack_differ() {
	join -t "$(printf '\t')" "$1" "$2" | while IFS="$(printf '\t')" read -r _ k a rest; do
		jq -n -r --argjson a "$a" --argjson b "${rest##*$(printf '\t')}" --arg k "$k" \
		    '$a | keys[] as $c | select($a[$c] != $b[$c]) | "\($k) \($c)"'
	done | sort
}
