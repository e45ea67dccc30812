-- Tables of the example workload (examples/workload.sql), created before
-- Canal starts. `user` is the table of the original
-- lab tutorial, without a primary key.
create table user(
	id          varchar(5),
	username    varchar(20),
	password    varchar(20),
	addr        varchar(40),
	phone       varchar(11),
	nickname    varchar(12)
);
create table product(
	sku         varchar(16) primary key,
	name        varchar(64) not null,
	price       decimal(10,2),
	stock       int,
	code        varbinary(4),
	note        text,
	updated     datetime(3)
);
create table order_item(
	order_id    int,
	line        int,
	sku         varchar(16) not null,
	qty         int not null,
	primary key (order_id, line)
);
