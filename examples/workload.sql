-- The example workload, run while Canal reads the binlog (examples/capture.sh).
-- The original lab tutorial's test: two inserts, an update, a delete.
insert into user values("19832", "name1", "ddsdfdfd", "addr1", "17138141002", "nickname1");
insert into user values("20122", "name2", "xdfdsafd", "addr2", "13877686321", "nickname2");
update user set username = "nanzhao" where id = "19832";
delete from user where id = "19832";
-- A primary key; one statement, three rows: unicode, quotes, a newline, a
-- backslash, NULLs, binary bytes.
insert into product values
	('P-100', 'Tea – 緑茶 🍵', 4.50, 10, x'00ff7f22', null, '2024-01-02 03:04:05.678'),
	('P-200', 'Café crème', 3.20, 0, null, 'it''s "quoted"\nsecond line', null),
	('P-300', 'C:\\path\\name', null, null, x'5c', '', '2024-01-02 00:00:00.000');
update product set price = 4.75, stock = stock - 1 where sku = 'P-100';
-- The key changes: canal2ops deletes the old key.
update product set sku = 'P-201' where sku = 'P-200';
delete from product where sku = 'P-300';
-- A composite key.
insert into order_item values (1001, 1, 'P-100', 2), (1001, 2, 'P-201', 1), (1002, 1, 'P-100', 5);
update order_item set qty = 3 where order_id = 1001 and line = 2;
update order_item set line = 3 where order_id = 1002 and line = 1;
delete from order_item where order_id = 1001;
-- One transaction, two tables: two messages.
begin;
insert into user values("30001", "周杰", "secret", "上海", "13800000000", "杰");
update product set stock = stock - 5 where sku = 'P-100';
commit;
