<?php
// Writes plain.log with the real Monolog library (Debian's php-monolog): LineFormatter with inline line
// breaks and stack traces, as Symfony's include_stacktraces: true writes it. Among its records: a stack
// trace over several lines, a value longer than 48 KiB on one line (Docker and CRI split lines at 16 KiB,
// journald at 48 KiB) and a message holding a CR LF. wrap.py then wraps plain.log in each container form.
// Also monolog1-crlf.log: Monolog 1's inline line breaks, which wrote a value's \r\n as the raw bytes.
// Run: bash Tests/AuditStoreTests/Fixtures/containers/make.sh
require_once '/usr/share/php/Monolog/autoload.php';

use Monolog\Logger;
use Monolog\Handler\TestHandler;
use Monolog\Formatter\LineFormatter;

$dir = __DIR__;
$handler = new TestHandler();
$logger = new Logger('controller', [$handler]);
$audit = new Logger('audit', [$handler]);
$base = new DateTimeImmutable('2025-02-01T08:00:00.000000+00:00');
$admin = ['uid' => '1c90735', 'billing_admin_id' => '95313903-c418-412b-ac1a-34506d7329d2'];
$i = 0;
$push = function (Logger $l, $level, $message, array $context, array $extra) use (&$i, $base) {
    $at = $base->modify('+' . (++$i * 7) . ' seconds');
    $l->pushProcessor(function ($record) use ($at, $extra) {
        $record['datetime'] = (new \Monolog\DateTimeImmutable(true, new DateTimeZone('UTC')))->setTimestamp($at->getTimestamp());
        $record['extra'] = $extra;
        return $record;
    });
    $l->log($level, $message, $context);
    $l->popProcessor();
};
$cust = 'ac172451-fd59-456b-aa55-44f43d2bae6d';
$push($logger, Logger::INFO, 'Received request to view customer', ['customer_id' => $cust], $admin);
$push($audit, Logger::INFO, 'A field on the Customer entity has been updated', ['customer_id' => $cust,
    'field' => 'billingAddress', 'old_value' => var_export(['street' => '1 Main St', 'city' => 'Berlin'], true),
    'new_value' => var_export(['street' => "Rue d'Alésia 12", 'city' => 'Paris'], true)], $admin);

// An exception thrown three calls deep: its trace is several lines.
class StripeClient {
    function charge($amount) { return $this->send(['amount' => $amount]); }
    private function send(array $body) { return $this->retry(fn () => throw new RuntimeException('Stripe API timeout after 30s')); }
    private function retry(callable $call) { return $call(); }
}
try { (new StripeClient())->charge(2000); } catch (RuntimeException $e) {
    $push($logger, Logger::ERROR, 'Got an error from payment provider', ['exception' => $e,
        'customer_id' => $cust], ['uid' => '2d81f3a']);
}

// A value longer than 48 KiB, on one line.
$features = [];
for ($k = 0; $k < 2600; $k++) { $features[] = sprintf('feature-%04d', $k); }
$push($audit, Logger::INFO, 'A field on the Subscription entity has been updated', ['subscription_id' => 's-42',
    'field' => 'features', 'old_value' => "'" . implode(', ', array_slice($features, 0, 1000)) . "'",
    'new_value' => "'" . implode(', ', $features) . "'"], $admin);
$push($logger, Logger::WARNING, "Payment failed twice\r\nsecond attempt: card declined", ['customer_id' => $cust,
    'payment_id' => 'p-1'], ['uid' => '2d81f3a']);
$push($logger, Logger::INFO, 'Received request to list customers', [], []);
$push($logger, Logger::INFO, 'Message with ümlauts and 東京', ['reason' => 'Kunde wünscht Rückerstattung'], $admin);
$records = $handler->getRecords();

$multi = new LineFormatter(null, null, true, false, true);
$text = '';
foreach ($records as $r) { $text .= $multi->format($r); }
file_put_contents("$dir/plain.log", $text);

// Monolog 1's LineFormatter turned a value's escaped \r and \n back into the raw bytes.
class Monolog1LineFormatter extends LineFormatter {
    protected function replaceNewlines(string $str): string {
        return str_starts_with($str, '{') ? str_replace(['\r', '\n'], ["\r", "\n"], $str) : $str;
    }
}
$old = new Monolog1LineFormatter(null, null, true, false, true);
$handler->clear();
$push($audit, Logger::INFO, 'A field on the Customer entity has been updated', ['customer_id' => $cust,
    'field' => 'notes', 'old_value' => "'first line\r\nsecond line'", 'new_value' => "'one line'"], $admin);
file_put_contents("$dir/monolog1-crlf.log", $old->format($handler->getRecords()[0]));
