<?php
// Writes the log shapes operators really have, with the real Monolog library (Debian's php-monolog),
// from one set of records: reference.ndjson (plain JsonFormatter lines) is what every shape must import as.
// Run: php Tests/AuditStoreTests/Fixtures/shapes/make.php   (then make.sh compresses the rotated set)
require_once '/usr/share/php/Monolog/autoload.php';

use Monolog\Logger;
use Monolog\Handler\TestHandler;
use Monolog\Formatter\LineFormatter;
use Monolog\Formatter\JsonFormatter;
use Monolog\Formatter\LogstashFormatter;
use Monolog\Formatter\NormalizerFormatter;

$dir = __DIR__;
date_default_timezone_set('Europe/Berlin'); // zone-less shapes are written in this zone

// The records: BillaBear's messages, a field change with a var_export array, a multi-line message,
// an exception with its stack trace, empty context and extra, and one without an admin.
$handler = new TestHandler();
$logger = new Logger('controller', [$handler]);
$audit = new Logger('audit', [$handler]);
$base = new DateTimeImmutable('2025-03-01T09:00:00.000000+00:00');
$admin = ['uid' => '1c90735', 'billing_admin_id' => '95313903-c418-412b-ac1a-34506d7329d2'];
$i = 0;
$at = function () use (&$i, $base) { return $base->modify('+' . (++$i * 61) . ' seconds'); };
$push = function (Logger $l, $level, $message, array $context, array $extra) use ($at) {
    $l->pushProcessor(function ($record) use ($at, $extra) {
        $record['datetime'] = new \Monolog\DateTimeImmutable(true, new DateTimeZone('UTC'));
        $record['datetime'] = $record['datetime']->setTimestamp($at()->getTimestamp());
        $record['extra'] = $extra;
        return $record;
    });
    $l->log($level, $message, $context);
    $l->popProcessor();
};
$cust = 'ac172451-fd59-456b-aa55-44f43d2bae6d';
$push($logger, Logger::INFO, 'Received request to view customer', ['customer_id' => $cust], $admin);
$push($logger, Logger::INFO, 'Received request to update customer', ['customer_id' => $cust], $admin);
$push($audit, Logger::INFO, 'A field on the Customer entity has been updated', ['customer_id' => $cust,
    'field' => 'billingAddress', 'old_value' => var_export(['street' => '1 Main St', 'city' => 'Berlin'], true),
    'new_value' => var_export(['street' => "Rue d'Alésia 12", 'city' => 'Paris'], true)], $admin);
$push($audit, Logger::INFO, 'A field on the Customer entity has been updated', ['customer_id' => $cust,
    'field' => 'billingEmail', 'old_value' => "'billing@acme.example'", 'new_value' => "'accounts@acme.example'"], $admin);
$push($logger, Logger::WARNING, "Payment failed twice\nsecond attempt: card declined", ['customer_id' => $cust,
    'payment_id' => 'p-1'], ['uid' => '2d81f3a']);
try { throw new RuntimeException('Stripe API timeout after 30s'); } catch (RuntimeException $e) {
    $push($logger, Logger::ERROR, 'Got an error from payment provider', ['exception' => $e], ['uid' => '2d81f3a']);
}
$push($logger, Logger::INFO, 'Received request to list customers', [], []);
$push($logger, Logger::INFO, 'Received request to list plans', [], ['uid' => '3e9a0b1']);
$push($logger, Logger::NOTICE, 'Brackets [in] the {message} itself', ['subscription_id' => 's-42'], []);
$push($logger, Logger::INFO, 'Message with ümlauts and 東京', ['reason' => 'Kunde wünscht Rückerstattung'], $admin);
$records = array_map(function ($r) { unset($r['formatted']); return $r; }, $handler->getRecords());

// For the exception: the same text a LineFormatter and a JsonFormatter put in the context.
function write($path, $text) { file_put_contents($path, $text); }

$json = new JsonFormatter(JsonFormatter::BATCH_MODE_NEWLINES, true);
$json->includeStacktraces(false);
$reference = '';
foreach ($records as $r) { $reference .= $json->format($r); }
write("$dir/reference.ndjson", $reference);

// 1. A rotated set: the oldest records in prod.log.3 (compressed by make.sh), the newest in prod.log.
$line = new LineFormatter(null, null, false, false);
$chunks = array_chunk($records, 3);
$names = ['prod.log.3', 'prod.log.2', 'prod.log.1', 'prod.log'];
foreach ($names as $k => $name) {
    $text = '';
    foreach ($chunks[$k] ?? [] as $r) { $text .= $line->format($r); }
    write("$dir/rotated/$name", $text);
}

// 2. Inline line breaks and stack traces (Symfony's include_stacktraces: true).
$multi = new LineFormatter(null, null, true, false, true);
$text = '';
foreach ($records as $r) { $text .= $multi->format($r); }
write("$dir/multiline.log", $text);

// 3. Dates without a zone: Monolog 1's default 'Y-m-d H:i:s', in the line and the JSON form.
$plain = new LineFormatter(null, 'Y-m-d H:i:s', false, false);
$zoneless = new JsonFormatter(JsonFormatter::BATCH_MODE_NEWLINES, true);
$zoneless->setDateFormat('Y-m-d H:i:s');
$a = ''; $b = '';
foreach ($records as $r) {
    $local = $r; $local['datetime'] = $r['datetime']->setTimezone(new DateTimeZone('Europe/Berlin'));
    $a .= $plain->format($local); $b .= $zoneless->format($local);
}
write("$dir/zoneless.log", $a);
write("$dir/zoneless.ndjson", $b);

// 4. ignoreEmptyContextAndExtra: no "[] []" at the end of a line.
$ignore = new LineFormatter(null, null, false, true);
$text = '';
foreach ($records as $r) { $text .= $ignore->format($r); }
write("$dir/ignore-empty.log", $text);

// 5. A byte-order mark, and a raw Latin-1 byte in a message (LineFormatter writes messages raw).
$text = "\xEF\xBB\xBF";
foreach ($records as $r) { $text .= $line->format($r); }
write("$dir/bom.log", $text);
$latin = $records[0]; $latin['message'] = "Received request from Jos\xE9";
write("$dir/latin1.log", $line->format($latin) . $line->format($records[1]));

// 6. JsonFormatter batches: one JSON array; two newline batches appended with no newline between.
$batchJSON = new JsonFormatter(JsonFormatter::BATCH_MODE_JSON, false);
write("$dir/batch.json", $batchJSON->formatBatch($records));
$batchLines = new JsonFormatter(JsonFormatter::BATCH_MODE_NEWLINES, false);
$half = intdiv(count($records), 2);
write("$dir/batches-appended.json", $batchLines->formatBatch(array_slice($records, 0, $half))
    . $batchLines->formatBatch(array_slice($records, $half)));

// 7. Elasticsearch: hits as jq prints them, scroll pages appended, and a _bulk backup.
$hits = [];
foreach (explode("\n", trim($reference)) as $k => $row) {
    $source = json_decode($row, true);
    $source['datetime'] = str_replace('+00:00', '+0000', $source['datetime']);
    $hits[] = ['_index' => 'aduit_log', '_id' => "id-$k", '_score' => null, '_source' => $source];
}
$pretty = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;
$stream = '';
foreach ($hits as $hit) { $stream .= json_encode($hit, $pretty) . "\n"; }
write("$dir/jq-hits-stream.json", $stream);
write("$dir/jq-hits-array.json", json_encode($hits, $pretty) . "\n");
$pages = '';
foreach (array_chunk($hits, 4) as $k => $page) {
    $pages .= json_encode(['_scroll_id' => "scroll-$k", 'took' => 2, 'timed_out' => false,
        'hits' => ['total' => ['value' => count($hits), 'relation' => 'eq'], 'hits' => $page]], $pretty) . "\n";
}
write("$dir/scroll-pages.json", $pages);
$bulk = '';
foreach ($hits as $hit) {
    $bulk .= json_encode(['index' => ['_index' => $hit['_index'], '_id' => $hit['_id']]]) . "\n";
    $bulk .= json_encode($hit['_source'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION) . "\n";
}
write("$dir/bulk.ndjson", $bulk);

// 8. Shippers: Monolog's LogstashFormatter, and the Elastic Common Schema shape (log.level, log.logger).
$logstash = new LogstashFormatter('billabear', 'web-1');
$text = '';
foreach ($records as $r) { $text .= $logstash->format($r); }
write("$dir/logstash.ndjson", $text);
$ecs = '';
foreach (explode("\n", trim($reference)) as $row) {
    $r = json_decode($row, true);
    $doc = ['@timestamp' => $r['datetime'], 'log.level' => strtolower($r['level_name']), 'message' => $r['message'],
            'ecs.version' => '1.2.0', 'log' => ['logger' => $r['channel']]];
    if (!empty($r['context'])) { $doc['context'] = $r['context']; }
    if (!empty($r['extra'])) { $doc['extra'] = $r['extra']; }
    $ecs .= json_encode($doc, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION) . "\n";
}
write("$dir/ecs.ndjson", $ecs);
