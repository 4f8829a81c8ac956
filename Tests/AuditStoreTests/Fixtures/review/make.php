<?php
// Five weeks of ordinary office work (Monday 2025-02-10 to Sunday 2025-03-16, UTC), written by the real
// Monolog library as BillaBear's prod.log has it, with one instance of each pattern `auditlog review` finds
// planted in the last week (2025-03-10 to 2025-03-16). Ordinary work: four billing admins, 08:30–17:30 on
// weekdays, viewing and listing customers and subscriptions and changing a few fields (never the same
// customer's e-mail and address, never a value back), a refund now and then by ops, a few payment warnings a
// day. planted.json lists each planted pattern with its admin and customers, for the end-to-end test.
// Run: bash Tests/AuditStoreTests/Fixtures/review/make.sh
require_once '/usr/share/php/Monolog/autoload.php';

use Monolog\Logger;
use Monolog\Handler\StreamHandler;
use Monolog\Formatter\LineFormatter;

$dir = __DIR__;
@unlink("$dir/review.log");
$handler = new StreamHandler("$dir/review.log");
$handler->setFormatter(new LineFormatter(null, null, true, true));
$controller = new Logger('controller', [$handler]);
$audit = new Logger('audit', [$handler]);
mt_srand(20250310);

$admins = [
    'ops' => '25eb8c48-ff89-4b85-afc0-9081cc47edfc', 'sam' => '6c0e3f0a-3b1d-4d7e-9a55-1f3c2b7d8e01',
    'lea' => 'a4f1d2c3-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'max' => 'f0e1d2c3-b4a5-4968-8776-655443322110',
    'temp' => '0badc0de-0000-4000-8000-00000000beef',
];
$users = "id,email\n";
foreach ($admins as $name => $id) { $users .= "$id,$name@acme.example\n"; }
file_put_contents("$dir/users.csv", $users);
$customers = [];
$csv = "id,email,name\n";
for ($i = 1; $i <= 60; $i++) {
    $id = sprintf('cus-%04d-%s', $i, substr(md5("c$i"), 0, 8));
    $customers[] = $id;
    $csv .= "$id,billing$i@customer$i.example,Customer $i GmbH\n";
}
file_put_contents("$dir/customers.csv", $csv);
$subscriptions = [];
for ($i = 1; $i <= 40; $i++) { $subscriptions[] = ['id' => sprintf('sub-%04d-%s', $i, substr(md5("s$i"), 0, 8)), 'customer' => $customers[$i % 60]]; }

$uid = 0;
$log = function (Logger $logger, int $level, string $message, array $context, ?string $admin, int $at) use (&$uid, $admins) {
    $extra = ['uid' => sprintf('%07x', ++$uid)];
    if ($admin !== null) { $extra['billing_admin_id'] = $admins[$admin]; }
    $logger->pushProcessor(function ($record) use ($at, $extra) {
        $record['datetime'] = (new \Monolog\DateTimeImmutable(true, new DateTimeZone('UTC')))
            ->setTimestamp(intdiv($at, 1000000))->modify('+' . ($at % 1000000) . ' usec');
        $record['extra'] = $extra;
        return $record;
    });
    $logger->log($level, $message, $context);
    $logger->popProcessor();
};
$change = function (string $admin, string $entity, string $id, string $field, string $old, string $new, int $at) use ($log, $audit, $subscriptions) {
    $key = $entity === 'Customer' ? 'customer_id' : 'subscription_id';
    $log($audit, Logger::INFO, "A field on the $entity entity has been updated",
        [$key => $id, 'field' => $field, 'old_value' => $old, 'new_value' => $new], $admin, $at);
};

// Each ordinary change moves a value on (never back): a counter per customer and field.
$limits = [];
$cities = ['Berlin', 'Paris', 'Madrid', 'Rome', 'Vienna', 'Lisbon', 'Dublin', 'Oslo'];
$cityOf = [];
$seats = [];
$mails = [];
$day0 = gmmktime(0, 0, 0, 2, 10, 2025);
$events = [];   // [time µs, closure]
$add = function (int $at, callable $write) use (&$events) { $events[] = [$at, $write]; };
$ordinary = ['ops', 'sam', 'lea', 'max'];
for ($day = 0; $day < 35; $day++) {
    $weekday = $day % 7;               // 0 Monday
    if ($weekday >= 5) { continue; }   // nobody works at the weekend
    $midnight = ($day0 + $day * 86400) * 1000000;
    foreach ($ordinary as $admin) {
        // 22 requests a day of one or two records, 08:30–17:30.
        for ($r = 0; $r < 22; $r++) {
            $at = $midnight + (8 * 3600 + 1800 + mt_rand(0, 9 * 3600 - 120)) * 1000000 + mt_rand(0, 999999);
            $customer = $customers[mt_rand(0, 59)];
            $pick = mt_rand(0, 99);
            $add($at, function () use ($log, $controller, $customer, $admin, $at) {
                $log($controller, Logger::INFO, 'Received request to view customer', ['customer_id' => $customer], $admin, $at);
            });
            if ($pick < 12) {          // a credit limit raised
                $old = $limits[$customer] ?? 1000;
                $limits[$customer] = $old + 500;
                $add($at + 20000000, fn () => $change($admin, 'Customer', $customer, 'creditLimit', (string) $old, (string) ($old + 500), $at + 20000000));
            } elseif ($pick < 16) {    // a subscription's seats
                $sub = $subscriptions[mt_rand(0, 39)];
                $old = $seats[$sub['id']] ?? 5;
                $seats[$sub['id']] = $old + 1;
                $add($at + 15000000, fn () => $change($admin, 'Subscription', $sub['id'], 'seats', (string) $old, (string) ($old + 1), $at + 15000000));
            } elseif ($pick < 18) {    // a move: only customers 1–10 move
                $mover = $customers[mt_rand(0, 9)];
                $old = $cityOf[$mover] ?? 0;
                $cityOf[$mover] = ($old + 1) % 8;
                $add($at + 30000000, fn () => $change($admin, 'Customer', $mover, 'billingAddress.city', "'" . $cities[$old] . "'", "'" . $cities[($old + 1) % 8] . "'", $at + 30000000));
            } elseif ($pick < 19) {    // a new e-mail: only customers 21–30 change it
                $n = mt_rand(21, 30);
                $renamed = $customers[$n - 1];
                $version = ($mails[$n] ?? 0) + 1;
                $mails[$n] = $version;
                $old = $version == 1 ? "billing$n@customer$n.example" : "billing$n+" . ($version - 1) . "@customer$n.example";
                $add($at + 25000000, fn () => $change($admin, 'Customer', $renamed, 'billingEmail', "'$old'", "'billing$n+$version@customer$n.example'", $at + 25000000));
            } elseif ($pick < 45) {
                $add($at + 2000000, function () use ($log, $controller, $admin, $at) {
                    $log($controller, Logger::INFO, 'Received request to list customers', [], $admin, $at + 2000000);
                });
            }
        }
    }
    // ops refunds a payment on Wednesdays, as a matter of course.
    if ($weekday == 2) {
        $at = $midnight + (11 * 3600 + mt_rand(0, 3600)) * 1000000;
        $add($at, fn () => $log($controller, Logger::INFO, 'Received request to refund payment', ['payment_id' => "pay-$day", 'customer_id' => $customers[$day]], 'ops', $at));
    }
    // A few payment warnings a day from the checkout, no admin.
    for ($w = 0; $w < mt_rand(2, 6); $w++) {
        $at = $midnight + mt_rand(7 * 3600, 20 * 3600) * 1000000;
        $add($at, fn () => $log($controller, Logger::WARNING, 'Payment failure during creation', ['reason' => 'card_declined'], null, $at));
    }
}

// The planted patterns, all in the week of 2025-03-10.
$t = fn (string $when) => (new DateTimeImmutable($when . '+00:00'))->getTimestamp() * 1000000;
$planted = [];
// 1. Outside working hours: sam at 02:00 on Saturday night.
for ($i = 0; $i < 8; $i++) {
    $at = $t('2025-03-15T02:00:00') + $i * 300000000;
    $customer = $customers[40 + $i];
    $add($at, fn () => $log($controller, Logger::INFO, 'Received request to view customer', ['customer_id' => $customer], 'sam', $at));
}
$planted[] = ['kind' => 'outside_hours', 'admin' => 'sam@acme.example', 'customers' => array_map(fn ($i) => "billing$i@customer$i.example", range(41, 48))];
// 2. Burst: lea views 70 customers in 9 minutes on Tuesday afternoon.
for ($i = 0; $i < 70; $i++) {
    $at = $t('2025-03-11T14:00:00') + $i * 7700000;
    $customer = $customers[$i % 60];
    $add($at, fn () => $log($controller, Logger::INFO, 'Received request to view customer', ['customer_id' => $customer], 'lea', $at));
}
$planted[] = ['kind' => 'burst', 'admin' => 'lea@acme.example', 'customers' => ['billing1@customer1.example', 'billing60@customer60.example']];
// 3. Mass change: max sets the price of 12 subscriptions within 30 minutes.
$massSubs = [];
for ($i = 0; $i < 12; $i++) {
    $at = $t('2025-03-12T10:00:00') + $i * 150000000;
    $sub = $subscriptions[$i];
    $massSubs[] = $sub['id'];
    $add($at, fn () => $change('max', 'Subscription', $sub['id'], 'price', "'49.00'", "'0.01'", $at));
}
$planted[] = ['kind' => 'mass_change', 'admin' => 'max@acme.example', 'subscriptions' => $massSubs];
// 4. Contact and payment details: customer 31's e-mail, then its address and its default card, by ops.
$victim = $customers[30];
$add($t('2025-03-13T09:10:00'), fn () => $change('ops', 'Customer', $victim, 'billingEmail', "'billing31@customer31.example'", "'attacker@evil.example'", $t('2025-03-13T09:10:00')));
$add($t('2025-03-13T09:14:00'), fn () => $change('ops', 'Customer', $victim, 'billingAddress', "array (\n  'city' => 'Berlin',\n)", "array (\n  'city' => 'Lagos',\n)", $t('2025-03-13T09:14:00')));
$add($t('2025-03-13T09:15:00'), fn () => $log($controller, Logger::INFO, 'Make a payment card default', ['customer_id' => $victim, 'payment_details_id' => 'pd-31'], 'ops', $t('2025-03-13T09:15:00')));
$planted[] = ['kind' => 'contact_payment', 'admin' => 'ops@acme.example', 'customers' => ['billing31@customer31.example']];
// 5. Reverted change: lea raises customer 5's credit limit to 90000, max puts it back that afternoon.
$reverted = $customers[4];
$limit = $limits[$reverted] ?? 1000;
$add($t('2025-03-14T11:00:00'), fn () => $change('lea', 'Customer', $reverted, 'creditLimit', (string) ($limit + 500000), '90000', $t('2025-03-14T11:00:00')));
$add($t('2025-03-14T15:30:00'), fn () => $change('max', 'Customer', $reverted, 'creditLimit', '90000', (string) ($limit + 500000), $t('2025-03-14T15:30:00')));
$planted[] = ['kind' => 'reverted_change', 'admin' => 'lea@acme.example', 'customers' => ['billing5@customer5.example']];
// 6. First-time sensitive action: sam disables Stripe Billing.
$add($t('2025-03-12T16:20:00'), fn () => $log($controller, Logger::INFO, 'Request to disable Stripe Billing', [], 'sam', $t('2025-03-12T16:20:00')));
$planted[] = ['kind' => 'sensitive_action', 'admin' => 'sam@acme.example', 'customers' => []];
// 7. Warnings: 45 errors from the payment provider in one hour, customers 11–19.
for ($i = 0; $i < 45; $i++) {
    $at = $t('2025-03-13T16:00:00') + $i * 70000000;
    $customer = $customers[10 + $i % 9];
    $add($at, fn () => $log($controller, Logger::ERROR, 'Got an error from payment provider', ['customer_id' => $customer, 'exception_message' => 'Stripe API timeout'], null, $at));
}
$planted[] = ['kind' => 'warnings', 'admin' => null, 'customers' => ['billing11@customer11.example', 'billing19@customer19.example']];
// 8. Dormant admin: temp, never seen before, views six customers on Tuesday morning.
for ($i = 0; $i < 6; $i++) {
    $at = $t('2025-03-11T10:30:00') + $i * 240000000;
    $customer = $customers[50 + $i];
    $add($at, fn () => $log($controller, Logger::INFO, 'Received request to view customer', ['customer_id' => $customer], 'temp', $at));
}
$planted[] = ['kind' => 'dormant_admin', 'admin' => 'temp@acme.example', 'customers' => ['billing51@customer51.example']];

usort($events, fn ($a, $b) => $a[0] <=> $b[0]);
foreach ($events as [$at, $write]) { $write(); }
file_put_contents("$dir/planted.json", json_encode($planted, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
echo count($events) . " records\n";
