namespace MqttBridge;

public sealed record SensorMessage(string Topic, string Payload, DateTime? SentAt);
