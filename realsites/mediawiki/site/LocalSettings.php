<?php
# MediaWiki 1.39 (Debian) for the frictionaudit real-site bed: SQLite in $REALSITE_DATA,
# open registration with a mandatory e-mail confirmation, no captcha (ConfirmEdit is not
# loaded), mail through PHP's sendmail_path to files in $REALSITE_DATA/mail.
# Written by hand after the installer's own LocalSettings.php (maintenance/install.php).
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}
require_once "$IP/includes/PlatformSettings.php";
$realsite = getenv( 'REALSITE_DATA' );

$wgSitename = "Realsites Wiki";
$wgMetaNamespace = "Realsites_Wiki";
$wgScriptPath = "";
$wgServer = WebRequest::detectServer();  // http://127.0.0.1:<whichever port it runs on>
$wgResourceBasePath = $wgScriptPath;
$wgLogos = [
	'1x' => "$wgResourceBasePath/resources/assets/change-your-logo.svg",
	'icon' => "$wgResourceBasePath/resources/assets/change-your-logo-icon.svg",
];

# e-mail: confirmation required to edit (so the address is required at signup)
$wgEnableEmail = true;
$wgEnableUserEmail = true;
$wgEmergencyContact = "wiki@example.com";
$wgPasswordSender = "wiki@example.com";
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;
$wgEmailAuthentication = true;
$wgEmailConfirmToEdit = true;
$wgSMTP = false;  // PHP's mail(): sendmail_path is the bed's stand-in (site/sendmail.sh)

$wgDBtype = "sqlite";
$wgDBserver = "";
$wgDBname = "wiki";
$wgDBuser = "";
$wgDBpassword = "";
$wgSQLiteDataDir = $realsite;
$wgObjectCaches[CACHE_DB] = [
	'class' => SqlBagOStuff::class,
	'loggroup' => 'SQLBagOStuff',
	'server' => [
		'type' => 'sqlite',
		'dbname' => 'wikicache',
		'tablePrefix' => '',
		'variables' => [ 'synchronous' => 'NORMAL' ],
		'dbDirectory' => $wgSQLiteDataDir,
		'trxMode' => 'IMMEDIATE',
		'flags' => 0
	]
];
$wgJobTypeConf['default'] = [
	'class' => 'JobQueueDB',
	'claimTTL' => 3600,
	'server' => [
		'type' => 'sqlite',
		'dbname' => "{$wgDBname}_jobqueue",
		'tablePrefix' => '',
		'variables' => [ 'synchronous' => 'NORMAL' ],
		'dbDirectory' => $wgSQLiteDataDir,
		'trxMode' => 'IMMEDIATE',
		'flags' => 0
	]
];
$wgResourceLoaderUseObjectCacheForDeps = true;
$wgSharedTables[] = "actor";
$wgMainCacheType = CACHE_NONE;
$wgMemCachedServers = [];
# the interface messages of the languages the bed uses are built once by the seed (CDB files)
$wgCacheDirectory = "$realsite/cache";
$wgLocalisationCacheConf['store'] = 'files';

$wgEnableUploads = false;
$wgUseInstantCommons = false;
$wgPingback = false;
$wgLanguageCode = "en";
$wgLocaltimezone = "UTC";
$wgSecretKey = "6b1c0e3f5a7d9b2e4c6a8f0d1b3e5c7a9f1d3b5e7c9a1f3d5b7e9c1a3f5d7b9e";
$wgAuthenticationTokenVersion = "1";
$wgRightsPage = "";
$wgRightsUrl = "";
$wgRightsText = "";
$wgRightsIcon = "";
$wgDiff3 = "/usr/bin/diff3";
$wgDefaultSkin = "vector-2022";
wfLoadSkin( 'Vector' );

# The interface language chosen with ?uselang=xx stays for the visit (a cookie), as the
# UniversalLanguageSelector extension keeps a reader's choice on multilingual wikis; core
# MediaWiki drops uselang on the next link.
$wgHooks['UserGetLanguageObject'][] = static function ( $user, &$code, $context ) {
	$request = $context->getRequest();
	$chosen = $request->getRawVal( 'uselang' );
	if ( $chosen !== null && $chosen !== 'user' ) {
		$request->response()->setCookie( 'realsiteLang', $chosen, 0 );
	} elseif ( $request->getCookie( 'realsiteLang' ) ) {
		$code = $request->getCookie( 'realsiteLang' );
	}
};
