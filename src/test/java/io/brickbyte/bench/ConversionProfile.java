package io.brickbyte.bench;

import io.brickbyte.convert.ConversionMode;
import io.brickbyte.convert.RecordConverter;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;

/**
 * The read path without Spark or a process: protocol file -> message reader -> converter ->
 * UnsafeRow, as a task runs it. For profiling (run it under JFR) and for the converter's own
 * speed. Arguments: the data directory, the number of passes, and optionally which path the
 * records take: {@code fast} (the byte-level fast path, as a task runs), {@code parser} (the
 * Jackson path only) or {@code both} (the default: passes alternate, so both see the same load).
 */
public final class ConversionProfile {

  private ConversionProfile() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve(BenchData.PROTOCOL_FILE);
    int passes = Integer.parseInt(args[1]);
    String paths = args.length > 2 ? args[2] : "both";
    StructType schema = AirbyteColumns.append(
        new JsonSchemaMapper(NumberType.DECIMAL, NestedMode.STRUCT).toStructType(BenchData.jsonSchema()));
    UnsafeProjection toUnsafe = UnsafeProjection.create(schema);
    for (int pass = 0; pass < passes; pass++) {
      RecordConverter converter = new RecordConverter(schema,
          new StreamDescriptor(BenchData.STREAM, null), ConversionMode.PERMISSIVE, null);
      boolean fast = paths.equals("fast") || paths.equals("both") && pass % 2 == 0;
      // A decoder with only decode(): the reader then parses every line with Jackson.
      RecordDecoder decoder = fast ? converter : converter::decode;
      long start = System.nanoTime();
      long records = 0;
      long hash = 0;
      try (InputStream in = Files.newInputStream(file);
          AirbyteMessageReader reader = new AirbyteMessageReader(in, decoder, line -> {})) {
        AirbyteMessage message;
        while ((message = reader.next()) != null) {
          if (message instanceof AirbyteMessage.Record record && record.data() != null) {
            hash += toUnsafe.apply(converter.complete(record.emittedAt(), record.meta())).hashCode();
            records++;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("pass %d (%s): %d records in %.3f s = %.0f records/s (%d)%n", pass,
          fast ? "fast" : "parser", records, seconds, records / seconds, hash);
    }
  }
}
