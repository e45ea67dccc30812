# ops2redis/: apply canal-ops(5) lines to Redis (hiredis pipeline).
OPS2REDIS_SRC = ops2redis/main.c ops2redis/cluster.c ops2redis/cmd.c \
	ops2redis/connect.c ops2redis/conn.c ops2redis/inspect.c ops2redis/pipeline.c \
	ops2redis/progress.c \
	ops2redis/reply.c ops2redis/window.c
OPS2REDIS_OBJ = $(OPS2REDIS_SRC:.c=.o)
OPS2REDIS_SOBJ = $(OPS2REDIS_SRC:.c=.san.o)

PROGS += ops2redis/ops2redis
MANS  += man/ops2redis.1

ops2redis/%.o ops2redis/%.san.o: EXTRA_CFLAGS = $(HIREDIS_CFLAGS)

ops2redis/ops2redis: $(OPS2REDIS_OBJ) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OPS2REDIS_OBJ) $(COMMON_LIB) $(HIREDIS_LIBS)
ops2redis/ops2redis.san: $(OPS2REDIS_SOBJ) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(OPS2REDIS_SOBJ) $(COMMON_SLIB) $(HIREDIS_LIBS)

UNIT_TESTS += test/unit/test_ops2redis
test/unit/test_ops2redis: test/unit/test_ops2redis.c ops2redis/cmd.san.o ops2redis/conn.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iops2redis $(HIREDIS_CFLAGS) -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(HIREDIS_LIBS) $(CMOCKA_LIBS)

UNIT_TESTS += test/unit/test_slot
test/unit/test_slot: test/unit/test_slot.c $(filter-out ops2redis/main.san.o,$(OPS2REDIS_SOBJ)) $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iops2redis $(HIREDIS_CFLAGS) -std=c11 $(WARN) $(SAN_FLAGS) -o $@ $^ $(HIREDIS_LIBS) $(CMOCKA_LIBS)
