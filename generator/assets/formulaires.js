/*
 * Formulaires des parcours (dossier de preuves, avis de l'entreprise) : ce qui est saisi reste dans ce
 * navigateur (localStorage), rien n'est envoyé.
 *
 * Une entrée par formulaire et par certification (« dossier-preuves:RNCP21806 ») : tous les champs,
 * par nom. Les formulaires de plusieurs blocs partagent l'entrée, donc l'identité. Une réponse à un
 * champ qui n'existe plus est gardée et exportée, jamais effacée sans qu'on le demande. Export et
 * import en JSON. Sans JavaScript, la page reste un formulaire vierge à imprimer. Ce qui est commun avec
 * les grilles d'autoévaluation est dans saisie-locale.js, chargé avant.
 */
(function () {
  "use strict"

  var FORMAT = "formulaire-rncp"
  var VERSION = 1
  var NOM = /^[A-Za-z0-9_-]{1,80}$/
  var Saisie = window.SaisieLocale.Saisie
  var estObjet = window.SaisieLocale.estObjet
  var MAX_TEXTE = window.SaisieLocale.MAX_TEXTE

  function vide(formulaire, certification) {
    return { format: FORMAT, version: VERSION, formulaire: formulaire, certification: certification, champs: {} }
  }

  /* Vérifie un enregistrement ou un fichier importé ; renvoie un message d'erreur, ou null s'il est bon. */
  function verifier(donnees, formulaire, certification) {
    if (!estObjet(donnees) || donnees.format !== FORMAT)
      return "Ce fichier n’est pas un export de formulaire de ce site."
    if (typeof donnees.version !== "number" || donnees.version > VERSION)
      return "Ce fichier vient d’une version plus récente du site : rechargez la page, puis réessayez."
    if (donnees.formulaire !== formulaire)
      return "Ce fichier est un export d’un autre formulaire (« " + String(donnees.formulaire).slice(0, 40) +
        " ») : ouvrez ce formulaire-là pour l’importer."
    if (donnees.certification !== certification)
      return "Ce fichier concerne la certification « " + String(donnees.certification).slice(0, 40) +
        " », pas " + certification + "."
    if (!estObjet(donnees.champs)) return "Le fichier est abîmé : la liste des champs manque."
    for (var nom in donnees.champs) {
      if (!NOM.test(nom)) return "Le fichier est abîmé : « " + nom.slice(0, 30) + " » n’est pas un nom de champ."
      var valeur = donnees.champs[nom]
      if (typeof valeur !== "string" || valeur.length > MAX_TEXTE)
        return "Le fichier est abîmé : le champ « " + nom + " » n’est pas un texte."
    }
    return null
  }

  function nettoyer(donnees) {
    var propre = vide(donnees.formulaire, donnees.certification)
    for (var nom in donnees.champs) propre.champs[nom] = donnees.champs[nom]
    return propre
  }

  function Formulaire(form) {
    Saisie.call(this, form)
    this.nom = form.dataset.formulaire
    this.nomExport = this.nom
    this.cle = this.nom + ":" + this.certification
    this.donnees = this.charger()
  }

  Formulaire.prototype = Object.create(Saisie.prototype)
  Formulaire.prototype.constructor = Formulaire
  Formulaire.prototype.outils = ".formulaire-outils"
  Formulaire.prototype.textes = {
    refus: "Ce navigateur refuse l’enregistrement local : votre saisie ne sera pas gardée. Exportez-la avant de quitter.",
    illisible: "Une saisie enregistrée n’a pas pu être relue ; elle a été mise de côté dans ce navigateur.",
    plein: "Impossible d’enregistrer dans ce navigateur (espace plein ou navigation privée) : exportez votre saisie pour la garder.",
    exporte: "Votre saisie a été exportée dans le fichier ",
    illisibleImport: "Ce fichier n’est pas un export lisible (JSON invalide) : rien n’a été importé, votre saisie est inchangée.",
    rienImporte: "Rien n’a été importé, votre saisie est inchangée.",
    importAnnule: "Import annulé : votre saisie est inchangée.",
    efface: "Votre saisie a été effacée de ce navigateur.",
  }

  Formulaire.prototype.vide = function () {
    return vide(this.nom, this.certification)
  }

  Formulaire.prototype.verifier = function (donnees) {
    return verifier(donnees, this.nom, this.certification)
  }

  Formulaire.prototype.nettoyer = nettoyer

  Formulaire.prototype.enregistrer = function () {
    this.donnees.modifie = new Date().toISOString()
    return Saisie.prototype.enregistrer.call(this)
  }

  Formulaire.prototype.champs = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll("input[name], textarea[name]"))
  }

  Formulaire.prototype.remplir = function () {
    var champs = this.donnees.champs
    var presents = {}
    this.champs().forEach(function (champ) {
      presents[champ.name] = true
      if (champ.type === "radio") champ.checked = champs[champ.name] === champ.value
      else champ.value = champs[champ.name] || ""
    })
    var absents = Object.keys(champs).filter(function (nom) { return !presents[nom] && champs[nom] && !/^identite-/.test(nom) })
    this.absents = absents.length
  }

  Formulaire.prototype.saisie = function (cible) {
    if (!cible.name) return
    if (cible.type === "radio" && !cible.checked) return
    this.donnees.champs[cible.name] = cible.value
    this.enregistrer()
  }

  Formulaire.prototype.tropGros = function () {
    return "Ce fichier est trop gros pour être un export de formulaire : rien n’a été importé."
  }

  Formulaire.prototype.questionRemplacer = function () {
    var champs = this.donnees.champs
    var actuels = Object.keys(champs).filter(function (n) { return champs[n] }).length
    return actuels ? "Remplacer votre saisie actuelle (" + actuels + " champs remplis) par celle du fichier ?" : ""
  }

  Formulaire.prototype.importReussi = function () {
    return "Import réussi." + (this.absents ? " " + this.absents + " champ(s) du fichier ne figurent pas sur cette page ; ils restent enregistrés." : "")
  }

  Formulaire.prototype.questionEffacer = function () {
    return "Effacer toute votre saisie de ce formulaire pour " + this.certification +
      " ? Pensez à l’exporter avant : c’est définitif."
  }

  window.SaisieLocale.demarrer("form.formulaire[data-formulaire][data-certification]", ".formulaire textarea", Formulaire)
})()
