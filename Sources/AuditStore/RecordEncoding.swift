/// Records as scripts read them: JSON with a fixed set of keys, and CSV rows.
public enum RecordEncoding {
    /// `{"id", "time", "channel", "level", "level_name", "message", "context", "extra", "customer_id",
    /// "subscription_id", "admin_id", "admin", "request_uid", "change"}`; context and extra exactly as stored.
    /// `customer_id` is the record's own, else its subscription's customer (as a customer's log shows it).
    public static func json(_ record: AuditRecord) -> String {
        var out = "{\"id\":\(record.id),\"time\":\"\(record.time.rfc3339)\",\"channel\":"
        JSONValue.writeString(record.channel, to: &out)
        out += ",\"level\":\(record.level),\"level_name\":"
        JSONValue.writeString(record.levelName, to: &out)
        out += ",\"message\":"
        JSONValue.writeString(record.message, to: &out)
        out += ",\"context\":" + record.contextJSON + ",\"extra\":" + record.extraJSON
        for (key, value) in [("customer_id", record.customerID ?? record.ownerCustomerID),
                             ("subscription_id", record.subscriptionID),
                             ("admin_id", record.adminID), ("admin", record.adminName),
                             ("request_uid", record.requestUID)] {
            out += ",\"\(key)\":"
            if let value { JSONValue.writeString(value, to: &out) } else { out += "null" }
        }
        out += ",\"change\":"
        if let change = record.change {
            out += "{\"field\":"
            JSONValue.writeString(change.field, to: &out)
            for (key, value) in [("old", change.old), ("new", change.new)] {
                out += ",\"\(key)\":"
                if let value { JSONValue.writeString(value, to: &out) } else { out += "null" }
            }
            out += "}"
        } else {
            out += "null"
        }
        return out + "}"
    }

    public static let csvHeader = "id,time,level_name,channel,message,admin,admin_id,customer_id,subscription_id,"
        + "request_uid,field,old_value,new_value,context,extra"

    public static func csv(_ record: AuditRecord) -> String {
        let fields: [String?] = [
            String(record.id), record.time.rfc3339, record.levelName, record.channel, record.message,
            record.adminName, record.adminID, record.customerID ?? record.ownerCustomerID, record.subscriptionID,
            record.requestUID,
            record.change?.field, record.change?.old, record.change?.new, record.contextJSON, record.extraJSON,
        ]
        return fields.map { CSV.field($0 ?? "") }.joined(separator: ",")
    }
}
