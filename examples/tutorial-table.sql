create table user(
	id          varchar(5),
	username    varchar(20),
	password    varchar(20),
	addr        varchar(40),
	phone       varchar(11),
	nickname    varchar(12)
);
