-- Tables of the all-types fixture (alltypes.ndjson), created before Canal
-- starts: every column type the project's tests use, for measuring what
-- Canal 1.1.4 writes (capture.sh) and for comparing mysql2canal with it.
create table alltypes (
	id      int primary key,
	ti      tinyint,
	tiu     tinyint unsigned,
	si      smallint,
	siu     smallint unsigned,
	mi      mediumint,
	miu     mediumint unsigned,
	i       int,
	iu      int unsigned,
	bi      bigint,
	biu     bigint unsigned,
	dec2    decimal(10,2),
	dec0    decimal(5,0),
	dec30   decimal(65,30),
	decu    decimal(8,3) unsigned,
	f       float,
	f73     float(7,3),
	dbl     double,
	dt      date,
	dtm     datetime,
	dtm3    datetime(3),
	dtm6    datetime(6),
	ts      timestamp null default null,
	ts3     timestamp(3) null default null,
	ts6     timestamp(6) null default null,
	tm      time,
	tm1     time(1),
	tm3     time(3),
	tm6     time(6),
	y       year,
	c       char(10),
	vc      varchar(100),
	tx      text,
	ttx     tinytext,
	bn      binary(8),
	vb      varbinary(300),
	bl      blob,
	lbl     longblob,
	b1      bit(1),
	b8      bit(8),
	b12     bit(12),
	b64     bit(64),
	e       enum('a','b','c','it''s'),
	s       set('x','y','z'),
	s64     set('m01','m02','m03','m04','m05','m06','m07','m08','m09','m10',
	            'm11','m12','m13','m14','m15','m16','m17','m18','m19','m20',
	            'm21','m22','m23','m24','m25','m26','m27','m28','m29','m30',
	            'm31','m32','m33','m34','m35','m36','m37','m38','m39','m40',
	            'm41','m42','m43','m44','m45','m46','m47','m48','m49','m50',
	            'm51','m52','m53','m54','m55','m56','m57','m58','m59','m60',
	            'm61','m62','m63','m64'),
	j       json
);
-- A composite key declared in another order than its columns, of types
-- whose values Canal changes (BINARY(n), ENUM, DECIMAL).
create table keyed (
	v       varchar(20),
	d       decimal(6,2),
	e       enum('x','y','z'),
	b       binary(4),
	primary key (b, e, d)
);
-- ENUM and SET labels that look like Canal's indexes and masks.
create table numlabels (
	id      int primary key,
	e       enum('2','1','0','10'),
	s       set('1','2','x')
);
-- Labels with quotes, a backslash, a comma, spaces and non-ASCII letters;
-- a latin1 column (Canal 1.1.4 decodes text with its connection charset).
create table labels (
	id      int primary key,
	e       enum('a,b','back\\slash','qu''ote','é',' sp '),
	s       set('é','x y','"'),
	l1      varchar(10) character set latin1
);
-- More sizes of text, blob and fractional seconds.
create table more (
	id      int primary key,
	tbl     tinyblob,
	mbl     mediumblob,
	mtx     mediumtext,
	dtm2    datetime(2),
	ts2     timestamp(2) null default null,
	tm2     time(2)
);
-- No primary key: Canal writes pkNames null.
create table nokey (
	n       int,
	v       varchar(20),
	bn      binary(3)
);
