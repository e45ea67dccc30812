# Writes N Canal flat messages (~530 bytes each) for bench/canal2ops.sh:
# mostly one-row INSERTs, some UPDATEs (a few changing the key) and DELETEs.
#   awk -v n=100000 -f bench/canal2ops-gen.awk
BEGIN {
	srand(42)
	mt = "\"mysqlType\":{\"id\":\"bigint(20)\",\"name\":\"varchar(64)\",\"email\":\"varchar(128)\",\"age\":\"int(11)\",\"city\":\"varchar(64)\",\"bio\":\"text\",\"updated\":\"datetime\"}"
	st = "\"sqlType\":{\"id\":-5,\"name\":12,\"email\":12,\"age\":4,\"city\":12,\"bio\":2005,\"updated\":93}"
	for (i = 1; i <= n; i++) {
		id = 1 + int(rand() * 50000)
		r = rand()
		type = r < 0.8 ? "INSERT" : r < 0.95 ? "UPDATE" : "DELETE"
		row = sprintf("{\"id\":\"%d\",\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"age\":\"%d\",\"city\":\"%s\",\"bio\":\"%s\",\"updated\":\"2024-05-%02d 12:%02d:%02d\"}",
		    id, id, id, 18 + id % 60, id % 3 ? "Hangzhou" : "O'Fallon",
		    "likes long walks", 1 + id % 28, id % 60, i % 60)
		old = "null"
		if (type == "UPDATE")
			old = r < 0.81 ? sprintf("[{\"id\":\"%d\",\"age\":\"%d\"}]", id + 50000, 17 + id % 60) : sprintf("[{\"age\":\"%d\"}]", 17 + id % 60)
		printf("{\"data\":[%s],\"database\":\"shop\",\"es\":%d,\"id\":%d,\"isDdl\":false,%s,\"old\":%s,\"pkNames\":[\"id\"],\"sql\":\"\",%s,\"table\":\"user\",\"ts\":%d,\"type\":\"%s\"}\n",
		    row, 1700000000000 + i, i, mt, old, st, 1700000000100 + i, type)
	}
}
