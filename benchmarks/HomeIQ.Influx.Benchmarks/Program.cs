var r = HomeIQ.Influx.Benchmarks.Serialize.SameBytesCheck.Run();
Console.WriteLine(r ?? "same");
var b = new HomeIQ.Influx.Benchmarks.Infrastructure.ByteBuffer();
foreach (var p in HomeIQ.Influx.Benchmarks.Models.SampleData.Create(25)) HomeIQ.Influx.Benchmarks.Serialize.HandWrittenSensorSerializer.Write(p, b);
Console.WriteLine(System.Text.Encoding.UTF8.GetString(b.WrittenSpan));
