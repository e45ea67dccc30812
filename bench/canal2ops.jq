# canal2ops' job in jq, for bench/canal2ops.sh: raw Canal lines or kcat -J
# envelopes in, SET/DEL ops out (keys and values quoted as canal2ops does
# for plain ASCII data; no checkpoints).  jq -r -f bench/canal2ops.jq
def key($row; $pk): [$pk[] as $c | $row[$c] | tostring] | join(":");
def q: "'" + gsub("'"; "\\'") + "'";
(if has("payload") then .payload | fromjson else . end)
| select(.isDdl != true)
| . as $m
| (if (.pkNames // []) | length > 0 then .pkNames else ["id"] end) as $pk
| if .type == "DELETE" then .data[] | "DEL " + key(.; $pk)
  elif .type == "INSERT" or .type == "UPDATE" then
    range(0; .data | length) as $i | .data[$i] as $row
    | (($m.old // [])[$i] // {}) as $o
    | key($row; $pk) as $k
    | (if $m.type == "UPDATE" and ([$pk[] as $c | $o | has($c)] | any)
       then key($row + $o; $pk) else $k end) as $ok
    | (if $ok != $k then "DEL " + $ok else empty end),
      "SET " + $k + " " + ($row | tojson | q)
  else empty end
