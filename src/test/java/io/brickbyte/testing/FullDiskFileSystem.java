package io.brickbyte.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalDiskErrors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code fulldisk:}, whose files take {@link #CAPACITY}
 * bytes each and then fail as a full disk does: with an IOException (as object stores do), or
 * under {@code fullerror:} with Hadoop's {@code FSError} (as the local file system does):
 * staging's failure paths, on real files.
 */
public class FullDiskFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "fulldisk";
  /** The scheme whose full disk throws FSError, an Error. */
  public static final String ERROR_SCHEME = "fullerror";
  public static final int CAPACITY = 256 << 10;

  /** Makes {@code fulldisk:} and {@code fullerror:} paths resolve in {@code conf}. */
  public static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", FullDiskFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    conf.set("fs." + ERROR_SCHEME + ".impl", FullDiskErrorFileSystem.class.getName());
    conf.setBoolean("fs." + ERROR_SCHEME + ".impl.disable.cache", true);
  }

  @Override
  public URI getUri() {
    return URI.create(getScheme() + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** How a write past the capacity fails. */
  protected void refuse() throws IOException {
    throw new IOException("No space left on device");
  }

  /** The full disk of {@code fullerror:}. */
  public static final class FullDiskErrorFileSystem extends FullDiskFileSystem {
    @Override
    public String getScheme() {
      return ERROR_SCHEME;
    }

    @Override
    protected void refuse() {
      throw LocalDiskErrors.noSpaceLeft();
    }
  }

  @Override
  public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
    FSDataOutputStream file =
        super.create(path, permission, overwrite, bufferSize, replication, blockSize, progress);
    return new FSDataOutputStream(new OutputStream() {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        if (written + length > CAPACITY) {
          refuse();
        }
        file.write(bytes, offset, length);
        written += length;
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    }, null);
  }
}
