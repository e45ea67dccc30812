/*
 * Vectors for test_javafmt: "d HEXBITS TEXT" or "f HEXBITS TEXT", TEXT as
 * Double.toString or Float.toString print the value. Run with the Java
 * that Canal runs on (Java 17 here):
 *   java test/unit/JavaFmtVectors.java 1 1000 > test/unit/javafmt.vectors
 */
import java.util.Random;

public class JavaFmtVectors {
	static void d(double x) {
		if (!Double.isNaN(x))
			System.out.println("d " + Long.toHexString(Double.doubleToRawLongBits(x)) + " " + x);
	}

	static void f(float x) {
		if (!Float.isNaN(x))
			System.out.println("f " + Integer.toHexString(Float.floatToRawIntBits(x)) + " " + x);
	}

	public static void main(String[] a) {
		Random r = new Random(Long.parseLong(a[0]));
		int n = Integer.parseInt(a[1]);
		double[] ds = { 0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
		    1e-3, 9.999999999999998e-4, 1e7, 9999999.999999998, 0.1, 0.3, 1e23, 2e-3,
		    1.6777216e7, 1e-4, 123456789012345680.0, 5e-324, 1e21, 1e22, 100.0,
		    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		float[] fs = { 0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
		    1e-3f, 9.999999e-4f, 1e7f, 9999999f, 0.1f, 0.3f, 16777216f, 1e-4f,
		    2188999936f, 3.1415927f, 1e21f, 1e-45f, 123456.79f, 100f };
		for (double x : ds) { d(x); d(-x); }
		for (float x : fs) { f(x); f(-x); }
		for (int i = 0; i < n; i++) {
			d(Double.longBitsToDouble(r.nextLong()));
			f(Float.intBitsToFloat(r.nextInt()));
			d(Double.parseDouble((r.nextInt(2000000) - 1000000) + "e" + (r.nextInt(60) - 30)));
			f(Float.parseFloat((r.nextInt(20000) - 10000) + "e" + (r.nextInt(30) - 15)));
			d((double) r.nextLong() / (1L << r.nextInt(63)));
			f((float) r.nextInt() / (1 << r.nextInt(31)));
			d(Double.longBitsToDouble(r.nextLong() & 0x000fffffffffffffL >>> r.nextInt(52)));
			f(Float.intBitsToFloat(r.nextInt() & (0x007fffff >>> r.nextInt(23))));
			d(Math.scalb(1.0, r.nextInt(2098) - 1074));
			f(Math.scalb(1.0f, r.nextInt(277) - 149));
			d(r.nextInt(100000000) / 1000.0);
			f(r.nextInt(10000000) / 1000.0f);
		}
	}
}
