# mysql2canal/: MySQL or MariaDB rows as Canal flat messages (Connector/C).
MYSQL2CANAL_SRC = mysql2canal/main.c mysql2canal/conn.c mysql2canal/javafmt.c \
	mysql2canal/json.c mysql2canal/message.c mysql2canal/optfile.c \
	mysql2canal/snapshot.c mysql2canal/table.c mysql2canal/value.c
MYSQL2CANAL_OBJ = $(MYSQL2CANAL_SRC:.c=.o)
MYSQL2CANAL_SOBJ = $(MYSQL2CANAL_SRC:.c=.san.o)

PROGS += mysql2canal/mysql2canal
MANS  += man/mysql2canal.1

mysql2canal/%.o mysql2canal/%.san.o: EXTRA_CFLAGS = $(MARIADB_CFLAGS)

mysql2canal/mysql2canal: $(MYSQL2CANAL_OBJ) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(MYSQL2CANAL_OBJ) $(COMMON_LIB) $(MARIADB_LIBS) -lm
mysql2canal/mysql2canal.san: $(MYSQL2CANAL_SOBJ) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(MYSQL2CANAL_SOBJ) $(COMMON_SLIB) $(MARIADB_LIBS) -lm

# Java's float and double text against vectors printed by Java 17.
UNIT_TESTS += test/unit/test_javafmt
test/unit/test_javafmt: test/unit/test_javafmt.c mysql2canal/javafmt.san.o
	$(CC) $(CPPFLAGS) -Imysql2canal -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS) -lm

# Flat messages row by row, a row with an unreadable value included.
UNIT_TESTS += test/unit/test_message
test/unit/test_message: test/unit/test_message.c mysql2canal/message.san.o \
	    mysql2canal/value.san.o mysql2canal/json.san.o \
	    mysql2canal/javafmt.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) $(MARIADB_CFLAGS) -Imysql2canal -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS) -lm
