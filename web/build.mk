# web/: redis-view, the CGI page that shows what Redis holds.
PROGS += web/redis-view
MANS  += man/redis-view.1
CGI_PROGS += web/redis-view
EXAMPLES  += web/apache.conf:redis-view.conf
WEB_OBJ = web/redis-view.o web/query.o web/html.o web/json.o web/table.o \
          web/cursor.o web/target.o web/cmap.o web/cluster.o \
          web/store.o web/keytmpl.o web/group.o web/sync.o

web/%.o web/%.san.o: EXTRA_CFLAGS = -Iweb $(YAJL_CFLAGS) $(HIREDIS_CFLAGS)

web/redis-view: $(WEB_OBJ) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(WEB_OBJ) $(COMMON_LIB) $(HIREDIS_LIBS) $(YAJL_LIBS)
web/redis-view.san: $(WEB_OBJ:.o=.san.o) $(COMMON_SLIB)
	$(CC) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(WEB_OBJ:.o=.san.o) $(COMMON_SLIB) $(HIREDIS_LIBS) $(YAJL_LIBS)

UNIT_TESTS += test/unit/test_web_query test/unit/test_web_html \
              test/unit/test_web_group test/unit/test_web_sync \
              test/unit/test_web_cluster
WEB_PAGE_SOBJ = web/html.san.o web/json.san.o web/table.san.o \
                web/query.san.o web/cursor.san.o web/keytmpl.san.o \
                web/group.san.o web/sync.san.o
test/unit/test_web_query: test/unit/test_web_query.c web/query.san.o web/cursor.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iweb -std=c11 $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS)
test/unit/test_web_html: test/unit/test_web_html.c $(WEB_PAGE_SOBJ) $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iweb $(YAJL_CFLAGS) -std=c11 $(SAN_FLAGS) -o $@ $^ $(YAJL_LIBS) $(CMOCKA_LIBS)
test/unit/test_web_group: test/unit/test_web_group.c web/keytmpl.san.o web/group.san.o web/table.san.o web/cursor.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iweb $(YAJL_CFLAGS) -std=c11 $(SAN_FLAGS) -o $@ $^ $(YAJL_LIBS) $(CMOCKA_LIBS)
test/unit/test_web_sync: test/unit/test_web_sync.c web/sync.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iweb -std=c11 $(SAN_FLAGS) -o $@ $^ $(CMOCKA_LIBS)

test/unit/test_web_cluster: test/unit/test_web_cluster.c web/cursor.san.o web/query.san.o web/cmap.san.o web/target.san.o $(COMMON_SLIB)
	$(CC) $(CPPFLAGS) -Iweb $(HIREDIS_CFLAGS) -std=c11 $(SAN_FLAGS) -o $@ $^ $(HIREDIS_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += test/fuzz/fuzz_web_query
test/fuzz/fuzz_web_query: test/fuzz/fuzz_web_query.c web/query.c web/cursor.c web/html.c web/json.c web/table.c web/keytmpl.c web/group.c web/sync.c common/buf.c
	$(FUZZ_CC) $(CPPFLAGS) -Iweb $(YAJL_CFLAGS) $(FUZZ_FLAGS) -o $@ $^ $(YAJL_LIBS)
