-- Rows of the all-types fixture, written while Canal reads (capture.sh).
-- TIMESTAMP literals are UTC; zero dates and the ENUM error value need a
-- non-strict sql_mode. One statement is one binlog rows event (one Canal
-- message); the last insert puts several rows in one event.
set time_zone = '+00:00';
set sql_mode = '';
-- 1: the smallest values
insert into alltypes values (1,
	-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
	-99999999.99, -99999, -99999999999999999999999999999999999.999999999999999999999999999999, 0,
	-3.4028235e38, -9999.999, -1.7976931348623157e308,
	'1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000', '1000-01-01 00:00:00.000000',
	'1970-01-01 00:00:01', '1970-01-01 00:00:01.000', '1970-01-01 00:00:01.000000',
	'-838:59:59', '-838:59:59.0', '-838:59:59.000', '-838:59:59.000000', 1901,
	'', '', '', '', x'00', x'', x'', x'', b'0', b'0', b'0', b'0', 'a', '', '', '{}');
-- 2: the largest values
insert into alltypes values (2,
	127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
	99999999.99, 99999, 99999999999999999999999999999999999.999999999999999999999999999999, 99999.999,
	3.4028235e38, 9999.999, 1.7976931348623157e308,
	'9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999',
	'2038-01-19 03:14:07', '2038-01-19 03:14:07.999', '2038-01-19 03:14:07.999999',
	'838:59:59', '838:59:59.9', '838:59:59.999', '838:59:59.999999', 2155,
	'abcdefghij', repeat('v', 100), repeat('t', 1000), repeat('u', 255),
	x'ffffffffffffffff', x'ff', x'ff', x'ff',
	b'1', b'11111111', b'111111111111', b'1111111111111111111111111111111111111111111111111111111111111111',
	'it''s', 'x,y,z',
	'm01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12,m13,m14,m15,m16,m17,m18,m19,m20,m21,m22,m23,m24,m25,m26,m27,m28,m29,m30,m31,m32,m33,m34,m35,m36,m37,m38,m39,m40,m41,m42,m43,m44,m45,m46,m47,m48,m49,m50,m51,m52,m53,m54,m55,m56,m57,m58,m59,m60,m61,m62,m63,m64',
	'[1, 2.50, "x", {"k": null}]');
-- 3: zeros, zero dates, the ENUM error value, negative zeros
insert into alltypes values (3,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	-0.00, -0, -0.000000000000000000000000000000, 0.000,
	-0e0, -0.0, -0e0,
	'0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000',
	'0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000',
	'00:00:00', '-00:00:00.5', '-00:00:00.250', '-00:00:00.000001', 0,
	'a  ', 'trailing  ', ' ', '', x'0000000000000000', x'00', x'00', x'0000',
	b'1', b'10000000', b'100000000000', b'1000000000000000000000000000000000000000000000000000000000000000',
	'', '', 'm64', 'null');
-- 4: fractions, Java's number notations, unicode and control characters, bytes
insert into alltypes values (4,
	-1, 1, -1, 1, -1, 1, -1, 1, -1, 1,
	100.00, 5, 0.000000000000000000000000000001, 1.050,
	16777216, 1.5, 0.1,
	'2024-02-29', '2024-02-29 12:00:00', '2024-02-29 12:00:00.500', '2024-02-29 12:00:00.000001',
	'2024-03-10 10:30:00', '2024-03-10 10:30:00.050', '2024-03-10 10:30:00.000001',
	'-00:00:01', '-12:34:56.7', '-00:00:59.999', '-01:02:03.000456', 2024,
	'é😀', concat('😀 héllo "q" \\ ', char(1), char(31), char(127), '\t\n\r', _utf8mb4 x'e280a8'),
	concat('nul', char(0), 'byte'), 'ĉ',
	x'0102000000', x'00ff008000', x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00',
	x'5c2200c3a9',
	b'0', b'101', b'10000000001', b'11111111',
	'b', 'x,z', 'm01,m33', '{"a": "\\u00e9\\n", "b": 1e2}');
-- 5: NULL everywhere but the key
insert into alltypes (id) values (5);
-- 6..: floats and doubles in Java's notation
insert into alltypes (id, f, dbl) values (6, 1.0e-4, 1.0e-4);
insert into alltypes (id, f, dbl) values (7, 0.001, 0.001);
insert into alltypes (id, f, dbl) values (8, 9999999, 9999999);
insert into alltypes (id, f, dbl) values (9, 1.0e7, 1.0e7);
insert into alltypes (id, f, dbl) values (10, 1.4e-45, 4.9e-324);
insert into alltypes (id, f, dbl) values (11, 1.17549435e-38, 2.2250738585072014e-308);
insert into alltypes (id, f, dbl) values (12, 123456.79, 1.2345678901234568e17);
insert into alltypes (id, f, dbl) values (13, 0.3, 0.30000000000000004);
insert into alltypes (id, f, dbl) values (14, 1e21, 1e22);
insert into alltypes (id, f, dbl) values (15, -0.00099999, 9.999999999999999e-4);
insert into alltypes (id, f, f73, dbl) values (16, 3.1415927, 3.142, 3.141592653589793);
-- 17..20: events of two rows whose values set sqlType differently: an
-- unsigned value above the signed range, NULL or not in SET and BLOB
insert into alltypes (id, tiu, siu, miu, iu, biu, b64, s64, bl, tx) values
	(17, 1, 1, 1, 1, 1, b'1', 'm01', x'01', 'a'),
	(18, 200, 40000, 9000000, 3000000000, 10000000000000000000, x'8000000000000001', null, null, null);
insert into alltypes (id, tiu, siu, miu, iu, biu, b64, s64, bl, tx) values
	(19, 201, 40001, 9000001, 3000000001, 10000000000000000001, x'ffffffffffffffff', null, null, null),
	(20, 2, 2, 2, 2, 2, b'10', 'm64,m01', x'', '');
-- 21: negative times under a second or a minute
insert into alltypes (id, tm, tm1, tm3, tm6) values (21, '-00:00:59', '-00:00:01.5', '-00:00:00.001', '-00:00:00.5');
-- keyed, numlabels, nokey
insert into keyed values ('one', 1.00, 'x', x'00000000');
insert into keyed values ('two', -0.50, 'z', x'61620000');
insert into keyed values ('three', 12.30, 'y', x'00616200');
insert into numlabels values (1, '1', '1');
insert into numlabels values (2, '2', '1,2');
insert into numlabels values (3, '10', '');
insert into numlabels values (4, '0', 'x');
insert into numlabels values (5, '', '2,x');
insert into labels values (1, 'a,b', 'é,x y', 'é');
insert into labels values (2, 'back\\slash', '"', 'ÿ');
insert into labels values (3, 'qu''ote', '', 'a');
insert into labels values (4, 'é', 'x y,"', null);
insert into labels values (5, ' sp ', 'é', '');
insert into more values (1, x'00ff', x'0000', 'mé', '2020-01-01 00:00:00.99', '2020-01-01 00:00:00.99', '-00:00:00.99');
insert into more values (2, null, null, null, null, null, '-00:00:01.01');
insert into more values (3, x'', x'', '', '0000-00-00 00:00:00.00', '0000-00-00 00:00:00.00', '00:00:00.00');
insert into nokey values (1, 'a', x'6100');
insert into nokey values (null, null, null);
-- changes: an update of values, an update of the key, a delete
update alltypes set dec2 = 7.00, e = 'c', bn = x'07', tiu = 250 where id = 4;
update keyed set b = x'62000000', e = 'y', d = 2.00 where v = 'one';
update numlabels set e = '1', s = '2' where id = 4;
delete from keyed where v = 'two';
delete from numlabels where id = 2;
